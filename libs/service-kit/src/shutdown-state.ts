/** Flipped when a termination signal arrives, so readiness fails while the service drains. */
export class ShutdownState {
  private draining = false;

  get isDraining(): boolean {
    return this.draining;
  }

  beginDraining(): void {
    this.draining = true;
  }
}
