/**
 * The demo portal runs the whole review flow (issue 5 item 7): the role views, mounted as modules
 * on the local stack, drive it through the API and show each step. trainee-1 cuts case-001 in
 * <clip-editor> and submits; the admin queue lists it and assigns specialist-1; the specialist's
 * inbox starts the review, annotates and returns it with a verdict; the workflow renders and
 * publishes it; the trainee's "Published reviews" plays it in <surgery-player> with the Edit set.
 */
import { expect } from '@esm-bundle/chai';
import { createClient, requestDevToken, type Client, type Edit, type User } from '@surgery-video/client';
import type { ClipEditor } from '@surgery-video/editor';
import type { SurgeryPlayer } from '@surgery-video/player';
import { mount as mountAdmin } from '../src/views/admin.js';
import { mount as mountSpecialist } from '../src/views/specialist.js';
import { mount as mountTrainee } from '../src/views/trainee.js';
import type { MountedView } from '../src/views/view-kit.js';

declare global {
  interface Window {
    __STACK__: { url: string };
  }
}

const baseUrl = window.__STACK__.url;

async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 20_000, everyMs = 100): Promise<Exclude<NonNullable<T>, false>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<NonNullable<T>, false>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

interface Session {
  user: User;
  token: string;
  client: Client;
}

async function signIn(userId: string): Promise<Session> {
  const token = await requestDevToken(baseUrl, userId);
  const user = (await (await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as User;
  return { user, token, client: createClient({ baseUrl, token }) };
}

function row(view: MountedView, list: string, editId: string): HTMLTableRowElement | null {
  return view.root.querySelector<HTMLTableRowElement>(`[data-list="${list}"] tr[data-edit-id="${editId}"]`);
}

function button(scope: Element, text: string): HTMLButtonElement {
  const found = [...scope.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`No "${text}" button.`);
  return found;
}

describe('demo portal: the review flow through the role views', () => {
  const views: MountedView[] = [];
  const containers: HTMLElement[] = [];

  function container(): HTMLElement {
    const el = document.createElement('div');
    el.style.width = '768px';
    document.body.append(el);
    containers.push(el);
    return el;
  }

  after(() => {
    for (const view of views) view.unmount();
    for (const el of containers) el.remove();
    localStorage.clear();
  });

  it('trainee submits, admin assigns, specialist returns, the trainee watches the published review', async function () {
    this.timeout(240_000);
    const [trainee, admin, specialist] = await Promise.all([signIn('trainee-1'), signIn('admin-1'), signIn('specialist-1')]);
    const title = `Port placement ${Date.now().toString(36)}`;

    // --- Trainee: open case-001 in the editor, one segment, save, submit. ------------------------
    const traineeView = mountTrainee(container(), { baseUrl, token: trainee.token, user: trainee.user });
    views.push(traineeView);
    await traineeView.ready;
    const caseSelect = traineeView.root.querySelector<HTMLSelectElement>('select[name="case"]')!;
    expect([...caseSelect.options].map((o) => o.value)).to.include('case-001');
    caseSelect.value = 'case-001';
    traineeView.root.querySelector<HTMLInputElement>('input[name="title"]')!.value = title;
    traineeView.root.querySelector<HTMLFormElement>('form.new-edit')!.requestSubmit();
    const editor = traineeView.root.querySelector<ClipEditor>('clip-editor')!;
    expect(editor, 'the editor opens').to.exist;
    expect(editor.value.title).to.equal(title);
    expect(editor.value.createdBy).to.equal('trainee-1');
    // Cuts wait for the case's duration: retry until the editor is ready.
    await waitFor(() => {
      try {
        return editor.addSegment(1, 3) !== undefined;
      } catch (error) {
        if (error instanceof RangeError) throw error;
        return false;
      }
    }, 'case-001 to load in the editor', 30_000, 250);
    const saved = await editor.save();
    expect(saved, 'the first save creates the edit').to.exist;
    const editId = saved!.id;
    expect(saved!.status).to.equal('draft');
    await traineeView.refresh();
    expect(row(traineeView, 'my-edits', editId)?.dataset['status'], 'My edits lists the draft').to.equal('draft');

    const submitted = await editor.submit();
    expect(submitted?.status).to.equal('submitted');
    await traineeView.refresh();
    expect(row(traineeView, 'my-edits', editId)?.dataset['status']).to.equal('submitted');
    expect(traineeView.root.querySelector('clip-editor'), 'the editor closes once submitted').to.equal(null);

    // --- Admin: the queue lists it; assign specialist-1. ------------------------------------------
    const adminView = mountAdmin(container(), { baseUrl, token: admin.token, user: admin.user });
    views.push(adminView);
    await adminView.ready;
    const queued = await waitFor(() => row(adminView, 'queue', editId), 'the admin queue to list the edit', 10_000);
    const select = queued.querySelector<HTMLSelectElement>('select[name="specialist"]')!;
    const options = [...select.options].map((o) => [o.value, o.textContent]);
    expect(options).to.deep.include(['specialist-1', 'Specialist One — general-surgery']);
    expect(queued.querySelector('label')?.textContent).to.contain(title);
    select.value = 'specialist-1';
    button(queued, 'Assign').click();
    await waitFor(() => row(adminView, 'all-edits', editId)?.dataset['status'] === 'assigned', 'All edits to show it assigned', 10_000);
    expect(row(adminView, 'queue', editId), 'an assigned edit leaves the queue').to.equal(null);
    expect(row(adminView, 'all-edits', editId)!.textContent).to.contain('Specialist One');
    expect((await admin.client.edits.get(editId)).review?.assignee).to.equal('specialist-1');

    // --- Specialist: the inbox lists it; start, annotate, return with a verdict. ------------------
    const specialistView = mountSpecialist(container(), { baseUrl, token: specialist.token, user: specialist.user });
    views.push(specialistView);
    await specialistView.ready;
    const inboxRow = await waitFor(() => row(specialistView, 'inbox', editId), 'the inbox to list the edit', 10_000);
    expect(inboxRow.dataset['status']).to.equal('assigned');
    button(inboxRow, 'Start review').click();
    const reviewEditor = await waitFor(() => specialistView.root.querySelector<ClipEditor>('clip-editor'), 'the review editor to open', 10_000);
    await waitFor(() => reviewEditor.value.id === editId, 'the edit to load in the review editor', 10_000);
    expect(reviewEditor.value.status).to.equal('in-review');
    await waitFor(() => row(specialistView, 'inbox', editId)?.dataset['status'] === 'in-review', 'the inbox to show it in review', 10_000);
    expect(reviewEditor.value.segments).to.have.length(1);
    await waitFor(() => {
      try {
        return reviewEditor.addAnnotation({ time: 2, kind: 'good-practice', text: 'Clean port placement.' }) !== undefined;
      } catch (error) {
        if (error instanceof RangeError) throw error;
        return false;
      }
    }, 'the case to load in the review editor', 30_000, 250);
    const verdict = specialistView.root.querySelector<HTMLTextAreaElement>('textarea[name="verdict"]')!;
    expect(specialistView.root.querySelector(`label[for="${verdict.id}"]`)?.textContent).to.equal('Verdict for the author');
    verdict.value = 'Good exposure; watch the trocar angle.';
    specialistView.root.querySelector<HTMLFormElement>('form.verdict')!.requestSubmit();
    await waitFor(() => ['returned', 'published'].includes(row(specialistView, 'inbox', editId)?.dataset['status'] ?? ''), 'the inbox to show it returned', 15_000);
    expect(specialistView.root.querySelector('clip-editor'), 'the review closes once returned').to.equal(null);

    // --- The workflow renders the segment and publishes the edit (bounded at 90 s). --------------
    let published: Edit | undefined;
    await waitFor(async () => {
      const edit = await trainee.client.edits.get(editId);
      if (edit.status === 'published') published = edit;
      return published;
    }, 'the edit to be rendered and published', 90_000, 1000);
    expect(published!.review?.verdict).to.equal('Good exposure; watch the trocar angle.');
    expect(published!.annotations.map((a) => a.text)).to.include('Clean port placement.');
    const publication = await trainee.client.edits.publication(editId);
    expect(publication.version).to.equal(published!.version);
    if (publication.jobId) expect((await trainee.client.jobs.get(publication.jobId)).status).to.equal('succeeded');

    // --- Trainee: My edits shows it published; Published reviews plays it with the Edit. ---------
    await traineeView.refresh();
    expect(row(traineeView, 'my-edits', editId)?.dataset['status']).to.equal('published');
    const publishedRow = row(traineeView, 'published', editId);
    expect(publishedRow, 'Published reviews lists it').to.exist;
    expect(publishedRow!.textContent).to.contain(title).and.contain('watch the trocar angle');
    button(publishedRow!, 'Watch').click();
    const player = await waitFor(() => traineeView.root.querySelector<SurgeryPlayer>('.stage surgery-player'), 'the player of the review', 10_000);
    expect(player.getAttribute('asset')).to.equal('case-001');
    expect(player.hasAttribute('controls')).to.equal(true);
    expect((player.edit as Edit).id).to.equal(editId);
    expect((player.edit as Edit).segments).to.deep.equal(published!.segments);
  });
});
