/**
 * The page's requests to the JSON API. When the server requires WEB_TOKEN, the first 401 asks for
 * the token once and keeps it for this tab only (sessionStorage), so it never outlives the session.
 */
const KEY = 'partnership-advisor-token';

function withToken(init: RequestInit, token: string | null): RequestInit {
  if (!token) return init;
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}

export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, withToken(init, sessionStorage.getItem(KEY)));
  if (response.status !== 401) return response;
  const token = window.prompt('This advisor needs an access token. Paste the token your administrator gave you:');
  if (!token?.trim()) return response;
  sessionStorage.setItem(KEY, token.trim());
  const retried = await fetch(url, withToken(init, token.trim()));
  if (retried.status === 401) sessionStorage.removeItem(KEY);
  return retried;
}
