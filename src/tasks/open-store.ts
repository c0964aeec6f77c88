import { MemoryTaskStore, type TaskStore } from './store.js';

/**
 * The store the configuration asks for: Redis when a URL is set and tasks can outlive a process
 * (HTTP replicas), else memory. The Redis client is imported only then.
 */
export async function openTaskStore(redisUrl: string | undefined): Promise<TaskStore> {
  if (!redisUrl) return new MemoryTaskStore();
  const { RedisTaskStore } = await import('./redis-store.js');
  return RedisTaskStore.connect(redisUrl);
}
