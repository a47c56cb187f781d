/** Scale-out past one machine: the BullMQ queue and its workers (loaded only when a queue is used). */
export * from './queue.js';
