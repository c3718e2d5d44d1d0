import { describeCounterStoreContract } from './counter-store.contract.ts';
import { InMemoryCounterStore } from './in-memory-counter-store.ts';

describeCounterStoreContract('InMemoryCounterStore', { create: () => new InMemoryCounterStore() });
