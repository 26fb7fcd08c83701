export { ensureTopic, findTopicById, findTopicBySlug, listChildTopics, listNavTopics } from './topics.repository.ts';
export type { Topic, TopicInput } from './topics.repository.ts';
