import { expect, openKiosk, test } from './fixtures';

test.describe('bridge and page security', () => {
  test('the page is served under a strict CSP', async ({ page, kiosk }) => {
    const response = await page.goto(kiosk.url);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline/u);
  });

  test('the CSP blocks an injected inline script', async ({ page, kiosk, cspViolations }) => {
    await openKiosk(page, kiosk);
    const outcome = await page.evaluate(
      () =>
        new Promise<{ ran: boolean; directive: string }>((resolve) => {
          document.addEventListener('securitypolicyviolation', (event) => {
            resolve({ ran: (window as unknown as { injected?: boolean }).injected === true, directive: event.effectiveDirective });
          });
          const script = document.createElement('script');
          script.textContent = 'window.injected = true';
          document.body.append(script);
        }),
    );
    expect(outcome).toEqual({ ran: false, directive: 'script-src-elem' });
    // This test provoked the violation on purpose; the fixture checks all others stay at zero.
    cspViolations.length = 0;
  });

  test('the bridge refuses a page of another origin', async ({ page, kiosk }) => {
    // Same machine, same user, another site (here the host's own port under another name): the
    // browser sends that page's Origin, which no script can change.
    await page.goto(kiosk.origin.replace('127.0.0.1', 'localhost'));
    const outcome = await page.evaluate(
      (port) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge`, ['tuntun.bridge.v1']);
          ws.onopen = () => resolve('open');
          ws.onclose = () => resolve('refused');
        }),
      kiosk.port,
    );
    expect(outcome).toBe('refused');
    await expect.poll(() => kiosk.output()).toContain('"event":"bridge.refused"');
  });

  test('the bridge answers a malformed call with an error Result and keeps serving', async ({ page, kiosk }) => {
    await openKiosk(page, kiosk);
    const replies = await page.evaluate(
      ({ origin, token }) =>
        new Promise<unknown[]>((resolve) => {
          const ws = new WebSocket(`${origin.replace('http', 'ws')}/bridge`, token === undefined ? ['tuntun.bridge.v1'] : ['tuntun.bridge.v1', `tuntun.token.${token}`]);
          const got: unknown[] = [];
          ws.onmessage = (event: MessageEvent<string>) => {
            got.push(JSON.parse(event.data));
            if (got.length === 3) resolve(got);
          };
          ws.onopen = () => {
            ws.send('{"type":"request","id":');
            ws.send(JSON.stringify({ type: 'request', id: 2, name: 'help.request', input: { screen: 42 } }));
            ws.send(JSON.stringify({ type: 'request', id: 3, name: 'app.info', input: {} }));
          };
        }),
      { origin: kiosk.origin, token: kiosk.token },
    );
    expect(replies).toEqual([
      { type: 'response', id: null, result: expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'bad_request' }) }) },
      { type: 'response', id: 2, result: expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'bad_request' }) }) },
      { type: 'response', id: 3, result: expect.objectContaining({ ok: true }) },
    ]);
    await expect(page.getByRole('button', { name: /Sentuh layar/u })).toBeVisible();
  });
});
