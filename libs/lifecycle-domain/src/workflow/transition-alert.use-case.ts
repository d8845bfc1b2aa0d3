import type { Clock } from '../clock';
import { LifecycleError } from '../lifecycle-error';
import type { AlertWorkflowStore } from './alert-workflow.ports';
import { transitionAlert } from './transition-alert';
import type { AlertTransitionRequest } from './transition-request';
import type { AppliedTransition } from './workflow-alert';

/** A person moves an alert along the workflow (acknowledge, action, resolve). */
export class TransitionAlertUseCase {
  constructor(private readonly deps: { store: AlertWorkflowStore; clock: Clock }) {}

  async execute(alertId: string, request: AlertTransitionRequest): Promise<AppliedTransition> {
    const now = this.deps.clock.now();
    const applied = await this.deps.store.transition(alertId, (current) =>
      transitionAlert(current, { ...request, by: 'person' }, now),
    );
    if (applied === null) {
      throw new LifecycleError('ALERT_NOT_FOUND', `no alert ${alertId}`, { alertId });
    }
    return applied;
  }
}
