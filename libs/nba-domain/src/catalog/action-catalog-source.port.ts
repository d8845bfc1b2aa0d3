/** Where the action catalog lives (Postgres nba.action_catalog in the service). Raw rows. */
export interface ActionCatalogSource {
  loadEnabled(): Promise<unknown[]>;
}
