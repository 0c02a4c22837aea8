import type { QueueConfig } from '../config/office-config';
import type { ServiceDefinition } from '../flow/service-definition';

/** The service a queue number is taken for when the office names none (office.json queue.service). */
export const DEFAULT_QUEUE_SERVICE = 'nomor-antrian';

/**
 * The queue service and the office's queue must agree, or a resident could choose a desk the
 * office cannot number: every option of the desk step is a desk of office.json `queue.desks`, and
 * the priority step offers `priorityValue`. Checked when the config is loaded; a mismatch makes the
 * service unavailable (its tile says so) rather than fail a resident at the last step.
 */
export function checkQueueService(service: ServiceDefinition, queue: QueueConfig | undefined): { path: string; message: string }[] {
  if (queue === undefined) {
    return service.id === DEFAULT_QUEUE_SERVICE ? [{ path: 'id', message: 'The office has no queue desks (office.json queue): no queue number can be issued' }] : [];
  }
  if (service.id !== queue.service) return [];
  const problems: { path: string; message: string }[] = [];
  const choice = (stepId: string) => {
    const index = service.steps.findIndex((step) => step.id === stepId);
    const step = service.steps[index];
    return step?.kind === 'choice' ? { index, step } : undefined;
  };
  const desks = choice(queue.deskStep);
  if (desks === undefined) problems.push({ path: 'steps', message: `office.json queue.deskStep names "${queue.deskStep}", which is not a choice step of this service` });
  else {
    const known = new Set(queue.desks.map((desk) => desk.id));
    desks.step.options.forEach((option, index) => {
      if (!known.has(option.value)) problems.push({ path: `steps[${desks.index}].options[${index}].value`, message: `"${option.value}" is not a desk of office.json queue.desks` });
    });
  }
  const priority = choice(queue.priorityStep);
  if (priority === undefined) problems.push({ path: 'steps', message: `office.json queue.priorityStep names "${queue.priorityStep}", which is not a choice step of this service` });
  else if (!priority.step.options.some((option) => option.value === queue.priorityValue)) {
    problems.push({ path: `steps[${priority.index}].options`, message: `No option has the value "${queue.priorityValue}" (office.json queue.priorityValue)` });
  }
  return problems;
}
