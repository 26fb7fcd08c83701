export { EventBus } from './event-bus.ts';
export type { DomainEvent, EventOf, EventType, StoryChange } from './event-bus.ts';
