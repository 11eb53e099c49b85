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

/**
 * Outbox values as `json` text rather than `bytea`: events are JSON, and passing them as bytea
 * arrays cost a hex encode on write and a hex decode on read for every record (a tenth of
 * ingestion's CPU in the nightly-roll benchmark). `json` keeps the text exactly as written.
 * Records that must keep their original bytes (dead letters) still use `value_bytes`.
 */
export function outboxJsonValuesMigration(timestamp: number): new () => MigrationInterface {
  const name = `OutboxJsonValues${timestamp}`;
  return {
    [name]: class implements MigrationInterface {
      name = name;

      async up(queryRunner: QueryRunner): Promise<void> {
        const schema = String((queryRunner.connection.options as { schema?: string }).schema);
        await queryRunner.query(`ALTER TABLE "${schema}".outbox RENAME COLUMN value TO value_bytes`);
        await queryRunner.query(`ALTER TABLE "${schema}".outbox ALTER COLUMN value_bytes DROP NOT NULL`);
        await queryRunner.query(`ALTER TABLE "${schema}".outbox ADD COLUMN value_json json`);
        await queryRunner.query(`ALTER TABLE "${schema}".outbox ADD CONSTRAINT outbox_one_value CHECK ((value_json IS NULL) <> (value_bytes IS NULL))`);
      }

      async down(queryRunner: QueryRunner): Promise<void> {
        const schema = String((queryRunner.connection.options as { schema?: string }).schema);
        await queryRunner.query(`ALTER TABLE "${schema}".outbox DROP CONSTRAINT outbox_one_value`);
        await queryRunner.query(`UPDATE "${schema}".outbox SET value_bytes = convert_to(value_json::text, 'UTF8') WHERE value_json IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "${schema}".outbox DROP COLUMN value_json`);
        await queryRunner.query(`ALTER TABLE "${schema}".outbox ALTER COLUMN value_bytes SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "${schema}".outbox RENAME COLUMN value_bytes TO value`);
      }
    },
  }[name];
}
