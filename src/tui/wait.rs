//! Waiting for the terminal: the event loop sleeps in `poll(2)` on the
//! terminal and on a wake-up pipe until there is input, a signal, a filter
//! result or a save falls due — never on a fixed tick — and learns there
//! that the terminal has gone away (hang-up, error), which crossterm's own
//! reader does not report: it spins on a dead terminal instead.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What the wait found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ready {
    /// The terminal has bytes to read.
    pub input: bool,
    /// Something rang the wake-up pipe: a signal, a filter result.
    pub woken: bool,
    /// The terminal has hung up or failed: nobody is there any more.
    pub gone: bool,
}

/// The far end of the wake-up pipe, for other threads and signal handlers.
#[derive(Clone, Debug)]
pub struct Waker(Arc<UnixStream>);

impl Waker {
    /// Wakes the event loop. A full pipe already will; nothing else can go
    /// wrong that the loop could act on.
    pub fn wake(&self) {
        let _ = (&*self.0).write(&[1]);
    }

    /// The raw descriptor, for a signal handler to write to.
    pub fn raw_fd(&self) -> RawFd {
        self.0.as_raw_fd()
    }
}

/// The terminal's input and the wake-up pipe, waited on together.
pub struct Waiter {
    /// The terminal crossterm reads keys from (a descriptor of its own).
    terminal: OwnedFd,
    wake: UnixStream,
    waker: Waker,
}

impl Waiter {
    /// Opens the wake-up pipe and finds the terminal crossterm reads:
    /// standard input when it is a terminal, else `/dev/tty`.
    pub fn new() -> io::Result<Self> {
        let terminal = if io::stdin().is_terminal() {
            io::stdin().as_fd().try_clone_to_owned()?
        } else {
            OwnedFd::from(File::open("/dev/tty")?)
        };
        Waiter::on(terminal)
    }

    fn on(terminal: OwnedFd) -> io::Result<Self> {
        let (wake, far) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        far.set_nonblocking(true)?;
        Ok(Waiter {
            terminal,
            wake,
            waker: Waker(Arc::new(far)),
        })
    }

    /// A handle that wakes this waiter.
    pub fn waker(&self) -> Waker {
        self.waker.clone()
    }

    /// Sleeps until input, a wake-up, the terminal going away, or
    /// `deadline` (none: no deadline). An interrupted wait returns nothing
    /// ready; the caller looks again.
    pub fn wait(&mut self, deadline: Option<Instant>) -> io::Result<Ready> {
        let timeout = deadline.map_or(-1, |deadline| {
            let left = deadline.saturating_duration_since(Instant::now());
            // Rounded up, so the wait does not end just before the deadline.
            i32::try_from(left.as_millis() + u128::from(left.subsec_nanos() % 1_000_000 != 0))
                .unwrap_or(i32::MAX)
        });
        let mut fds = [
            pollfd(self.terminal.as_raw_fd()),
            pollfd(self.wake.as_raw_fd()),
        ];
        // SAFETY: `fds` is a valid array of two pollfd for the call's length.
        let count = unsafe { libc::poll(fds.as_mut_ptr(), 2, timeout) };
        if count < 0 {
            let error = io::Error::last_os_error();
            return if error.kind() == io::ErrorKind::Interrupted {
                Ok(Ready::default())
            } else {
                Err(error)
            };
        }
        let failed = libc::POLLHUP | libc::POLLERR | libc::POLLNVAL;
        let ready = Ready {
            input: fds[0].revents & libc::POLLIN != 0,
            woken: fds[1].revents & libc::POLLIN != 0,
            gone: fds[0].revents & failed != 0,
        };
        if ready.woken {
            self.drain_wakes();
        }
        Ok(ready)
    }

    fn drain_wakes(&mut self) {
        let mut buffer = [0u8; 64];
        while matches!(self.wake.read(&mut buffer), Ok(n) if n > 0) {}
    }
}

fn pollfd(fd: RawFd) -> libc::pollfd {
    libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    }
}

/// How long crossterm may take to hand over events already on the
/// terminal: its reader never reads on a zero timeout.
pub const READ_NOW: Duration = Duration::from_millis(1);

#[cfg(test)]
mod tests {
    use super::*;

    /// A waiter whose "terminal" is one end of a socket pair: the test
    /// types into the other end, or closes it as a closed window would.
    fn waiter() -> (Waiter, UnixStream) {
        let (terminal, typist) = UnixStream::pair().expect("a pair");
        (
            Waiter::on(OwnedFd::from(terminal)).expect("a waiter"),
            typist,
        )
    }

    #[test]
    fn a_wake_ends_the_wait_and_is_drained() {
        let (mut waiter, _typist) = waiter();
        waiter.waker().wake();
        waiter.waker().wake();
        let ready = waiter
            .wait(Some(Instant::now() + Duration::from_secs(10)))
            .expect("waited");
        assert_eq!(
            ready,
            Ready {
                input: false,
                woken: true,
                gone: false
            }
        );
        let start = Instant::now();
        let ready = waiter
            .wait(Some(start + Duration::from_millis(30)))
            .expect("waited");
        assert_eq!(ready, Ready::default(), "both wakes were drained");
        assert!(start.elapsed() >= Duration::from_millis(30));
    }

    #[test]
    fn input_and_a_closed_terminal_are_told_apart() {
        let (mut waiter, mut typist) = waiter();
        typist.write_all(b"j").expect("typed");
        let ready = waiter.wait(None).expect("waited");
        assert!(ready.input && !ready.gone);
        drop(typist);
        let ready = waiter.wait(None).expect("waited");
        assert!(ready.gone, "a hang-up is seen, not waited through");
    }
}
