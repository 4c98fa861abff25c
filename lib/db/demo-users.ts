/** The demo accounts `npm start` creates; printed in development only. */
export const DEMO_USERS = [
  { email: "instructor@faultline.local", password: "faultline-instructor", name: "Demo Instructor", role: "admin" as const },
  { email: "student@faultline.local", password: "faultline-student", name: "Demo Student", role: "student" as const },
];

export const DEMO_COURSE = {
  slug: "philosophy-of-distributed-systems",
  title: "The Philosophy of Distributed Systems",
  summary: "Consistency models, fault tolerance and resilient APIs — learned by breaking real systems.",
};
