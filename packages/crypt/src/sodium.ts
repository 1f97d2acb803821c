import sodium from 'libsodium-wrappers';

// libsodium's wasm module loads asynchronously; every function below is synchronous once it has.
await sodium.ready;

export { sodium };
