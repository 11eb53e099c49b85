// Integration specs wait on a real broker and database; a cold Kafka group join alone can take seconds.
jest.setTimeout(120_000);
