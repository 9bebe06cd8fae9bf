import type { User } from '@surgery-video/client';

/** What each role does in the product; the review screens fill these in as they land. */
const ROLE_TEXT: Record<string, string> = {
  admin: 'Admin: the review queue (submitted edits, assign a specialist by specialty) appears here.',
  specialist: 'Specialist: your review inbox (edits assigned to you) appears here.',
  trainee: 'Trainee: your edits, and the published reviews to learn from, appear here.',
  clinician: 'Clinician: watch the live operating rooms and the recorded cases.',
};

export function rolePanel(user: User): HTMLElement {
  const panel = document.createElement('div');
  const heading = Object.assign(document.createElement('h2'), { textContent: `${user.name}'s view` });
  const lines = user.roles.map((role) => Object.assign(document.createElement('p'), { textContent: ROLE_TEXT[role] ?? role }));
  panel.append(heading, ...lines);
  return panel;
}
