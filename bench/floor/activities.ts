/** The floor's only activity: it does nothing, so what it costs is Temporal's alone. */
export async function noop(): Promise<void> {}

export type FloorActivities = { noop: typeof noop };
