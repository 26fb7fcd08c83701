export { EventBus } from './event-bus.ts';
export type { DomainEvent, EventOf, EventType } from './event-bus.ts';
