import type { ActiveChurnModel, ActiveChurnModelSource } from '@cip/lifecycle-domain';

export interface RefreshingChurnModelOptions {
  load: () => Promise<ActiveChurnModel | undefined>;
  refreshMs: number;
  onRefreshFailed: (error: unknown) => void;
}

/**
 * The active model, loaded at boot and re-read every `refreshMs`, so activating a newly trained
 * version needs no restart. A failed refresh keeps the last good model.
 */
export class RefreshingChurnModel implements ActiveChurnModelSource {
  private model: ActiveChurnModel | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RefreshingChurnModelOptions) {}

  current(): ActiveChurnModel | undefined {
    return this.model;
  }

  async refresh(): Promise<void> {
    this.model = await this.options.load();
  }

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch(this.options.onRefreshFailed);
    }, this.options.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
