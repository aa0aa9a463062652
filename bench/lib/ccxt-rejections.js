'use strict';
/**
 * Counts the errors ccxt's `WsClient.onMessage` catches (an exception thrown while handling a frame
 * is turned into `client.reject(error)` and otherwise swallowed), so a benchmark can report them.
 *
 * @example
 * const thrown = countRejections(exchange.client(url));
 * // ... feed frames ...
 * thrown.count; // frames whose handler threw
 */
function countRejections(client) {
  const thrown = { count: 0, first: '' };
  const reject = client.reject.bind(client);
  client.reject = (error, messageHash) => {
    if (thrown.count++ === 0) thrown.first = `${error?.constructor?.name}: ${error?.message}`;
    return reject(error, messageHash);
  };
  return thrown;
}

module.exports = { countRejections };
