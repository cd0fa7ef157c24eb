//! What a new connection costs before its first answer, for a server of the tests: the round
//! trips of its handshakes, which the browser's network throttling does not play.
//!
//! Chromium's throttling (CDP `Network.emulateNetworkConditions`, [`super::browser::Throttle`])
//! works per request: an answer is held until the request's round trip has passed since it was
//! sent, and an answer slower than that is not held further (measured: a server answering after
//! 300 ms, under a 150 ms round trip, was fetched in 305 ms). Setting up a connection is not
//! played at all: on loopback it is free. On a phone's network a new HTTPS connection costs TCP's
//! handshake and TLS 1.3's, a round trip each, before its first request goes out, so its first
//! answer comes three round trips after it was opened. A [`SlowToSetUp`] listener holds the
//! first read on each connection it accepts until the delay set when it was accepted has passed
//! ([`Throttle::new_connection_delay`](super::browser::Throttle::new_connection_delay): three
//! round trips); a request that arrives later, on a connection opened ahead of it (a page's
//! `<link rel=preconnect>`), is read at once, and the throttling gives it its one round trip.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::serve::Listener;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// The delay new connections get, shared with whoever changes it (a benchmark, per profile).
#[derive(Debug, Clone, Default)]
pub struct SetUpDelay(Arc<AtomicU64>);

impl SetUpDelay {
    /// From now on, each new connection waits `delay` before its first read.
    pub fn set(&self, delay: Duration) {
        self.0.store(delay.as_millis() as u64, Ordering::Relaxed);
    }

    fn get(&self) -> Duration {
        Duration::from_millis(self.0.load(Ordering::Relaxed))
    }
}

/// A listener whose connections are read only once their setup would be over.
pub struct SlowToSetUp<L> {
    pub listener: L,
    pub delay: SetUpDelay,
}

impl<L: Listener> Listener for SlowToSetUp<L> {
    type Io = SetUp<L::Io>;
    type Addr = L::Addr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (io, addr) = self.listener.accept().await;
        let delay = self.delay.get();
        let pending = (!delay.is_zero()).then(|| Box::pin(tokio::time::sleep(delay)));
        (SetUp { io, pending }, addr)
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.listener.local_addr()
    }
}

/// A connection that reads nothing until its setup is over.
pub struct SetUp<Io> {
    io: Io,
    pending: Option<Pin<Box<Sleep>>>,
}

impl<Io: AsyncRead + Unpin> AsyncRead for SetUp<Io> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if let Some(pending) = self.pending.as_mut() {
            ready!(pending.as_mut().poll(cx));
            self.pending = None;
        }
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<Io: AsyncWrite + Unpin> AsyncWrite for SetUp<Io> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
