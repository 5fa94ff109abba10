// Plain JavaScript: server.js loads it as it is, next to the built app.

/**
 * Express middleware, after `compression()`. compression hands a response's 'drain' listeners to
 * its zlib stream but leaves removeListener alone, so @react-router/node's wait for drain (`once`,
 * then `off`) never took its listener back: a large export under backpressure piled them up on the
 * stream (MaxListenersExceededWarning). Here removing a 'drain' listener reaches the stream it went to.
 */
export function drainListenersReachStream(_req, res, next) {
	const on = res.on
	const off = res.removeListener
	const streams = new Set()
	res.on = res.addListener = function (type, listener) {
		const target = on.call(this, type, listener)
		if (type === 'drain' && target && target !== this) streams.add(target)
		return this
	}
	res.removeListener = res.off = function (type, listener) {
		if (type === 'drain') for (const stream of streams) stream.removeListener(type, listener)
		return off.call(this, type, listener)
	}
	next()
}
