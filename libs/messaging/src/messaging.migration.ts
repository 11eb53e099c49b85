import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox and inbox every service carries in its own schema. A service lists the class this
 * returns among its migrations; the name carries the timestamp TypeORM orders migrations by.
 */
export function messagingTablesMigration(timestamp: number): new () => MigrationInterface {
  const name = `MessagingTables${timestamp}`;
  return {
    [name]: class implements MigrationInterface {
      name = name;

      async up(queryRunner: QueryRunner): Promise<void> {
        const schema = String((queryRunner.connection.options as { schema?: string }).schema);
        await queryRunner.query(`
          CREATE TABLE "${schema}".outbox (
            id          bigserial PRIMARY KEY,
            topic       text        NOT NULL,
            message_key text,
            value       bytea       NOT NULL,
            headers     jsonb       NOT NULL DEFAULT '{}'::jsonb,
            -- which ordering lane the row belongs to: rows of one key always share a lane, and a
            -- relay holds a lane exclusively while it publishes, so one key's events keep their order
            lane        smallint    NOT NULL,
            created_at  timestamptz NOT NULL DEFAULT now()
          )`);
        await queryRunner.query(`CREATE INDEX outbox_lane_id ON "${schema}".outbox (lane, id)`);
        await queryRunner.query(`
          CREATE FUNCTION "${schema}".outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            PERFORM pg_notify('outbox_${schema}', '');
            RETURN NULL;
          END $$`);
        await queryRunner.query(`
          CREATE TRIGGER outbox_notify AFTER INSERT ON "${schema}".outbox
          FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".outbox_notify()`);
        await queryRunner.query(`
          CREATE TABLE "${schema}".inbox (
            consumer     text        NOT NULL,
            message_key  text        NOT NULL,
            topic        text        NOT NULL,
            partition    integer     NOT NULL,
            "offset"     bigint      NOT NULL,
            status       text        NOT NULL,
            detail       text,
            received_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, message_key)
          )`);
      }

      async down(queryRunner: QueryRunner): Promise<void> {
        const schema = String((queryRunner.connection.options as { schema?: string }).schema);
        await queryRunner.query(`DROP TABLE "${schema}".inbox`);
        await queryRunner.query(`DROP TABLE "${schema}".outbox`);
        await queryRunner.query(`DROP FUNCTION "${schema}".outbox_notify()`);
      }
    },
  }[name];
}
