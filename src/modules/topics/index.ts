export { ensureTopic, findTopicById, findTopicBySlug, listAllTopics, listChildTopics, listNavTopics, NAV_PLACES, setNavigation } from './topics.repository.ts';
export type { Topic, TopicInput } from './topics.repository.ts';
