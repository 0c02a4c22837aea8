import type { SimulatedScenario } from '../../../core/config/device-config';
import { missingCase } from '../../../core/contract/result';
import type { ReceiptDocument } from '../../../core/receipt/receipt-document';
import { encodeReceipt } from './escpos/encode-receipt';
import type { Condition } from './escpos/status';
import type { Printer } from './printer';

/**
 * Printers that ship in the app for kiosks without hardware, demos and tests. A simulated receipt
 * printer encodes every receipt to ESC/POS exactly as for a real one (so the whole path runs),
 * then keeps nothing: receipts hold tracking codes, and a simulator has no paper to hand out.
 * Its scenario lets IT and tests see each printer problem on the screens without a broken printer.
 * Every word it says starts with "Simulasi" so nobody mistakes it for a real printer.
 */
export function scenarioCondition(scenario: SimulatedScenario): Condition {
  switch (scenario) {
    case 'ready':
      return { state: 'ready', reason: null, detail: 'Simulasi: ready (no real printer is attached)' };
    case 'paper-low':
      return { state: 'warning', reason: 'paper_low', detail: 'Simulasi: paper is running low' };
    case 'paper-out':
      return { state: 'error', reason: 'paper_out', detail: 'Simulasi: paper is out' };
    case 'cover-open':
      return { state: 'error', reason: 'cover_open', detail: 'Simulasi: the cover is open' };
    case 'offline':
      return { state: 'error', reason: 'offline', detail: 'Simulasi: the printer is offline' };
    case 'unplugged':
      return { state: 'error', reason: 'unreachable', detail: 'Simulasi: the printer is unplugged' };
    default:
      return missingCase(scenario);
  }
}

type Simulation = { kind: 'receipt'; paperWidth: 58 | 80; printMs: number } | { kind: 'document'; printMs: number };

export function simulatedPrinter(scenario: SimulatedScenario, simulation: Simulation): Printer {
  const condition = scenarioCondition(scenario);
  const encode = (document: ReceiptDocument): number =>
    simulation.kind === 'receipt'
      ? encodeReceipt(document, { paperWidth: simulation.paperWidth, model: 'generic', qr: 'native', codepage: 'cp437', cutter: true }).length
      : new TextEncoder().encode(JSON.stringify(document.blocks)).length;
  return {
    driver: 'simulator',
    simulated: true,
    connection: 'simulasi',
    model: simulation.kind === 'receipt' ? `simulasi, ${simulation.paperWidth} mm` : 'simulasi, A4/F4',
    async probe() {
      return condition;
    },
    async print(document, deadline) {
      const bytes = encode(document);
      if (condition.state === 'error') return { delivered: false, condition, bytes: 0 };
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(simulation.printMs, deadline - Date.now()))));
      return { delivered: true, condition, bytes };
    },
  };
}
