-- The Redis prefix (queue) a run was submitted to: the reconcile loop repairs only its own
-- queue's runs when several prefixes share one database.
ALTER TABLE "lab_run" ADD COLUMN "queuePrefix" TEXT;
