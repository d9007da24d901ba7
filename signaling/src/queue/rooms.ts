/** Socket.IO rooms the queue pushes to: every connection of a point or a specialist, and supervisors per agency. */
export const pointRoom = (pointId: string) => `point:${pointId}`;
export const expertRoom = (expertId: string) => `expert:${expertId}`;
export const metricsRoom = (agency: string) => `metrics:${agency}`;
