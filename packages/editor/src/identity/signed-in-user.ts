/**
 * Who is signed in, for the default `author` of new annotations (and `createdBy` of a new Edit):
 * with `api` and a token, the editor asks server-kit once per api/token (`client.me()`, i.e.
 * `GET /api/v1/me`). Without `api` or a token, or when the request fails, nobody is known and new
 * annotations keep the `anonymous` placeholder (or the `author` the page set). Only the user's id
 * is used, never their name.
 */
import { Task } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import { createClient, type User } from '@surgery-video/client';

export interface SignedInUserHost extends ReactiveControllerHost {
  readonly api: string | undefined;
  readonly token: string | undefined;
  readonly getToken: (() => string | undefined | Promise<string | undefined>) | undefined;
}

export class SignedInUserController {
  readonly #task: Task<readonly [string | undefined, string | undefined, SignedInUserHost['getToken']], User | undefined>;

  constructor(host: SignedInUserHost, onUser: (user: User) => void) {
    this.#task = new Task(host, {
      args: () => [host.api, host.token, host.getToken] as const,
      task: async ([api, token, getToken], { signal }) => {
        const bearer = getToken ? await getToken() : token;
        if (!api || !bearer) return undefined;
        const user = await createClient({ baseUrl: new URL(api, location.href).href, token: bearer }).me();
        if (signal.aborted) return undefined;
        onUser(user);
        return user;
      },
    });
  }

  /** The signed-in user, once known. */
  get user(): User | undefined {
    return this.#task.value;
  }
}
