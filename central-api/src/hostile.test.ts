import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError, UploadBatchResponse } from '../../core/contract/central-api';
import { issueEnrolmentToken } from './domain/devices';
import { describeEachBackend } from './testing/backends';
import { OFFICE, startHarness, submission, uploadItem, type Harness } from './testing/harness';
import { buildAttack, NEIGHBOUR, plan, type Attack, type Kind, type Sent, type World } from './testing/hostile-requests';

/**
 * Hostile requests that must never be accepted (issue 22, "Done when"): unsigned, tampered,
 * replayed and cross-office, 4,000 attacks per backend from a fixed seed. For each: no answer is
 * a 2xx (for a genuine kiosk's batch, no hostile item is stored, duplicate or conflict), none is a
 * 5xx, every refusal is an ApiError, and the rows its data would leave are the same after it as
 * before. The sign-in backoff is set out of the way so every attack reaches the checks it aims at
 * (auth-failures.test.ts tests the backoff); fuzz.test.ts sends malformed requests.
 */
const ATTACKS = 4_000;
const SEED = 20_260_322;

type Tally = { tried: number; refused: number; accepted: number; crashes: number };

describeEachBackend('hostile requests', (backend) => {
  let h: Harness;
  let world: World;
  beforeAll(async () => {
    h = await startHarness(backend, { rateLimits: { perDevice: 1_000_000, perAddress: 1_000_000, authFailuresPerAddress: 1_000_000, authFailuresPerDevice: 1_000_000 } });
    const [home, sibling, neighbour] = [await h.enrol('Loket depan'), await h.enrol('Loket belakang'), await h.enrol('Loket Cikupa', NEIGHBOUR)];
    await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'budi', name: 'Budi', pin: '482913' });
    const homeSubmissions = Array.from({ length: 5 }, () => uploadItem(submission()));
    expect((await home.request('POST', '/v1/submissions/batch', { items: homeSubmissions })).statusCode).toBe(200);
    const homeHelp = Array.from({ length: 5 }, () => randomUUID());
    for (const id of homeHelp) expect((await home.request('POST', '/v1/help', { id, at: '2026-03-02T08:00:00+07:00', screen: 'home' })).statusCode).toBe(201);
    const usedToken = await h.issueToken();
    await h.app.inject({ method: 'POST', url: '/v1/devices/enrol', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ token: usedToken, name: 'Used', appVersion: '1' }) });
    const expiredToken = (await issueEnrolmentToken(h.db, OFFICE, 1, new Date(h.clock.now().getTime() - 120_000))).token;
    world = { home, sibling, neighbour, homeSubmissions: homeSubmissions.map((item) => item.id), homeSubmissionId: homeSubmissions[0]?.id ?? '', homeHelp, usedToken, expiredToken };
  });
  afterAll(async () => h.close());

  const send = (request: Sent) =>
    h.app.inject({
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(request.payload === undefined ? {} : { payload: request.payload }),
      ...(request.remoteAddress === undefined ? {} : { remoteAddress: request.remoteAddress }),
    });
  const footprint = async (attack: Attack) => (await h.db.query<{ n: number }>(attack.footprint.sql, attack.footprint.params))[0]?.n;

  /** Taken by the server: a 2xx, except that a batch from a genuine kiosk is judged item by item. */
  const accepted = (attack: Attack, response: LightMyRequestResponse): boolean => {
    if (response.statusCode < 200 || response.statusCode >= 300) return false;
    if (attack.hostileIds.length === 0) return true;
    const answer = UploadBatchResponse.safeParse(response.json());
    return !answer.success || answer.data.results.some((result) => attack.hostileIds.includes(result.id) && result.outcome !== 'invalid');
  };

  it('accepts the genuine requests the attacks are made from (so a refusal below is the attack’s doing)', async () => {
    const attacks = fc.sample(plan, { numRuns: 300, seed: SEED }).map((p) => buildAttack(world, p));
    expect(attacks.filter((attack) => attack.setupWrites).length).toBeGreaterThan(20);
    for (const attack of attacks.filter((a) => a.setup.length > 0)) {
      const before = await footprint(attack);
      for (const request of attack.setup) expect((await send(request)).statusCode, attack.label).toBeLessThan(300);
      // What a genuine request leaves is what the footprint counts: it is not blind.
      if (attack.setupWrites) expect(await footprint(attack), attack.label).toBeGreaterThan(before ?? 0);
    }
    const own = uploadItem(submission({ officeCode: NEIGHBOUR }));
    const answer = UploadBatchResponse.parse((await world.neighbour.request('POST', '/v1/submissions/batch', { items: [own] })).json());
    expect(answer.results.map((r) => r.outcome)).toEqual(['stored']);
  });

  it(`refuses all of ${ATTACKS} unsigned, tampered, replayed and cross-office attacks, and stores none of their data`, async ({ annotate }) => {
    const tallies = new Map<Kind, Tally>();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        const attack = buildAttack(world, p);
        for (const request of attack.setup) {
          const answer = await send(request);
          if (answer.statusCode >= 300) throw new Error(`${attack.label}: the genuine request was refused (${answer.statusCode}) ${answer.body.slice(0, 200)}`);
        }
        if (attack.advanceMs > 0) h.clock.advance(attack.advanceMs);
        const before = await footprint(attack);
        const answers = await Promise.allSettled(attack.hostile.map(send));
        const tally = tallies.get(attack.kind) ?? { tried: 0, refused: 0, accepted: 0, crashes: 0 };
        tallies.set(attack.kind, tally);
        for (const settled of answers) {
          tally.tried += 1;
          if (settled.status === 'rejected' || settled.value.statusCode >= 500) {
            tally.crashes += 1;
            throw new Error(`${attack.label}: ${settled.status === 'rejected' ? String(settled.reason) : `${settled.value.statusCode} ${settled.value.body.slice(0, 200)}`}`);
          }
          const response = settled.value;
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          if (accepted(attack, response)) {
            tally.accepted += 1;
            throw new Error(`${attack.label}: accepted with ${response.statusCode} ${response.body.slice(0, 300)}`);
          }
          tally.refused += 1;
          if (response.statusCode >= 300 && !ApiError.safeParse(response.json()).success) throw new Error(`${attack.label}: not an ApiError: ${response.body.slice(0, 200)}`);
        }
        const after = await footprint(attack);
        if (after !== before) throw new Error(`${attack.label}: its data was stored (${before} rows before, ${after} after)`);
      }),
      { numRuns: ATTACKS, seed: SEED, endOnFailure: true },
    );

    const total = [...tallies.values()].reduce((sum, t) => ({ tried: sum.tried + t.tried, refused: sum.refused + t.refused, accepted: sum.accepted + t.accepted, crashes: sum.crashes + t.crashes }));
    const line = (name: string, t: Tally) => `${name}: tried ${t.tried}, refused ${t.refused}, accepted ${t.accepted}, crashes ${t.crashes}`;
    await annotate([line(`all [${backend.name}]`, total), ...[...tallies].map(([kind, t]) => line(kind, t)), `statuses: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`].join('\n'));
    expect(total).toEqual({ tried: total.tried, refused: total.tried, accepted: 0, crashes: 0 });
    expect(total.tried).toBeGreaterThanOrEqual(ATTACKS);
    for (const kind of ['unsigned', 'tampered', 'replayed', 'cross-office'] as const) expect(tallies.get(kind)?.tried ?? 0, kind).toBeGreaterThan(ATTACKS / 20);
  }, 180_000);
});
