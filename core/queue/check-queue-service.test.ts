import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OfficeConfig } from '../config/office-config';
import { ServiceDefinition } from '../flow/service-definition';
import { checkQueueService } from './check-queue-service';

const root = path.resolve(import.meta.dirname, '..', '..', 'kiosk-config');
const shippedService = ServiceDefinition.parse(JSON.parse(readFileSync(path.join(root, 'services', 'nomor-antrian.json'), 'utf8')));
const shippedQueue = OfficeConfig.parse(JSON.parse(readFileSync(path.join(root, 'offices', 'tigaraksa', 'office.json'), 'utf8'))).queue;

describe('the queue service against the office queue', () => {
  it('passes the shipped Nomor Antrian service with Tigaraksa', () => {
    expect(shippedQueue).toBeDefined();
    expect(checkQueueService(shippedService, shippedQueue)).toEqual([]);
  });

  it('names a desk option the office cannot number, and a priority step without the priority value', () => {
    if (shippedQueue === undefined) throw new Error('no queue');
    const queue = { ...shippedQueue, desks: shippedQueue.desks.filter((desk) => desk.id !== 'collect'), priorityValue: 'ya' };
    expect(checkQueueService(shippedService, queue)).toEqual([
      { path: 'steps[0].options[2].value', message: '"collect" is not a desk of office.json queue.desks' },
      { path: 'steps[1].options', message: 'No option has the value "ya" (office.json queue.priorityValue)' },
    ]);
    expect(checkQueueService(shippedService, { ...shippedQueue, deskStep: 'loket' })).toEqual([
      { path: 'steps', message: 'office.json queue.deskStep names "loket", which is not a choice step of this service' },
    ]);
  });

  it('refuses the queue service in an office without queue desks, and leaves other services alone', () => {
    expect(checkQueueService(shippedService, undefined)).toEqual([{ path: 'id', message: 'The office has no queue desks (office.json queue): no queue number can be issued' }]);
    expect(checkQueueService({ ...shippedService, id: 'sktm' }, undefined)).toEqual([]);
    if (shippedQueue === undefined) throw new Error('no queue');
    expect(checkQueueService({ ...shippedService, id: 'sktm', steps: [] }, shippedQueue)).toEqual([]);
  });
});
