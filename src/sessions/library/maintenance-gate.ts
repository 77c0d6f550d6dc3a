import type { Bus, BusEvent } from '../../bus/index.js';
import { SYSTEM_ADDRESS, SYSTEM_TOPIC } from '../../../machines/library/system-machine.js';

/**
 * What the session layer needs to know of maintenance, synchronously: whether a service
 * (`sync`, `ai_chat`) is paused now. It follows the system actor's `maintenance_mode`
 * events and asks it once at startup.
 */
export function createMaintenanceGate(bus: Bus) {
  let last: BusEvent | undefined;
  let affected = new Set<string>();
  let active = false;

  const apply = (event: BusEvent) => {
    if (event.type !== 'maintenance_mode') return;
    const data = event.data as { status: string; affected_services: string[] };
    last = data.status === 'ended' ? undefined : event;
    active = data.status === 'started';
    affected = new Set(data.affected_services ?? []);
  };
  const unsubscribe = bus.subscribe(SYSTEM_TOPIC, apply);

  return {
    /** Ask the system actor for the current window (after a restart). */
    async load(timeoutMs: number) {
      const state = (await bus.request(SYSTEM_ADDRESS, { type: 'get_status' }, { timeoutMs })) as BusEvent & {
        maintenance: { status: string; message: string; duration_minutes: number; scheduled_start: string; scheduled_end: string; affected_services: string[] } | null;
      };
      if (!state.maintenance) return;
      const m = state.maintenance;
      apply({
        type: 'maintenance_mode',
        data: {
          status: m.status === 'active' ? 'started' : 'starting',
          message: m.message,
          duration_minutes: m.duration_minutes,
          scheduled_start: m.scheduled_start,
          scheduled_end: m.scheduled_end,
          affected_services: m.affected_services,
        },
      });
    },
    blocks: (service: 'sync' | 'ai_chat') => active && affected.has(service),
    /** The announcement of a window that is scheduled or running, for late subscribers. */
    current: () => last,
    stop: () => unsubscribe(),
  };
}

export type MaintenanceGate = ReturnType<typeof createMaintenanceGate>;
