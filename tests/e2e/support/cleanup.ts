/**
 * Everything a test started, closed in reverse order. Each step runs even
 * when an earlier one failed, so a broken run still leaves no process,
 * queue, key or database behind; the failures are reported together.
 */
export interface CleanupStack {
  add(name: string, close: () => unknown): void;
  run(): Promise<void>;
}

export function cleanupStack(): CleanupStack {
  const steps: Array<{ name: string; close: () => unknown }> = [];
  return {
    add(name, close) {
      steps.push({ name, close });
    },
    async run() {
      const failures: string[] = [];
      for (const step of steps.splice(0).reverse()) {
        try {
          await step.close();
        } catch (error) {
          failures.push(`${step.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (failures.length > 0) throw new Error(`cleanup failed: ${failures.join('; ')}`);
    },
  };
}
