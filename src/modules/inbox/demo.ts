export async function seedInboxDemo(): Promise<void> {}
