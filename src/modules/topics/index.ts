export { ensureTopic, findTopicById, findTopicBySlug, listAllTopics, listChildTopics, listNavTopics } from './topics.repository.ts';
export type { Topic, TopicInput } from './topics.repository.ts';
