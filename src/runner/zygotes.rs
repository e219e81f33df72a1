//! A zygote as the judge sees it (`livejudge __zygote`, see `sandbox::zygote`): started for one
//! kind of runs, handed runs over its socket, the working folders of runs in a view received
//! back, told to exit, and its cgroups removed once it is gone.

use std::io::{self, IoSlice};
use std::mem::MaybeUninit;
use std::os::fd::{BorrowedFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rustix::net::{SendAncillaryBuffer, SendAncillaryMessage, SendFlags};

use super::RunSpec;
use crate::sandbox::zygote;

#[derive(Debug)]
pub(super) struct Zygote {
    process: std::process::Child,
    socket: OwnedFd,
    /// What the zygote was started for: the thread using it and the kind of runs.
    pub(super) key: ZygoteKey,
    /// Started with a cgroup v2 base (else cgroup v1, when its kind has a cgroup).
    pub(super) cgroup_v2: bool,
    _view_point: Option<tempfile::TempDir>,
    /// `tell_to_exit` has been done.
    told_to_exit: bool,
}

/// The kind of runs a zygote serves: the layers it sets up once for all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ZygoteKind {
    pub namespaces: bool,
    pub cgroup: bool,
    pub mounts: bool,
    pub view: bool,
}

impl ZygoteKind {
    /// The kind `spec` needs.
    pub(super) fn of(spec: &RunSpec) -> ZygoteKind {
        ZygoteKind {
            namespaces: spec.namespaces,
            cgroup: spec.cgroup,
            mounts: spec.mounts,
            view: spec.view.is_some(),
        }
    }

    /// The kind a solution's runs need under `sandbox` (they are put in cgroups; a compile's
    /// or a checker's are not).
    pub fn for_solutions(sandbox: &crate::sandbox::SandboxStatus) -> ZygoteKind {
        ZygoteKind {
            namespaces: sandbox.namespaces,
            cgroup: sandbox.cgroup,
            mounts: sandbox.mounts,
            view: sandbox.view,
        }
    }

    /// A zygote of this kind started now joins cgroup v2 (the judge made a base folder for
    /// it), not cgroup v1.
    pub(super) fn joins_cgroup_v2(&self) -> bool {
        self.cgroup && crate::sandbox::cgroup::v2::base().is_some()
    }
}

/// Runs of one judge thread go to that thread's zygotes only: a thread removes a run's folder
/// before it starts its next run, so a zygote's cgroup never carries a previous run's files.
pub(super) type ZygoteKey = (std::thread::ThreadId, ZygoteKind);

impl Zygote {
    pub(super) fn spawn(binary: &Path, key: ZygoteKey) -> io::Result<Zygote> {
        // The view's mount point: an empty folder of the judge's, mounted on only inside the
        // zygote's mount namespace (removed with the judge's folder).
        let kind = key.1;
        let view_point = if kind.view {
            Some(
                tempfile::Builder::new()
                    .prefix("view-")
                    .tempdir_in(crate::sandbox::workdir::judge_folder()?)?,
            )
        } else {
            None
        };
        let (ours, theirs) = rustix::net::socketpair(
            rustix::net::AddressFamily::UNIX,
            rustix::net::SocketType::SEQPACKET,
            rustix::net::SocketFlags::CLOEXEC,
            None,
        )?;
        // cgroup v2 under the judge's base folder when it made one, else cgroup v1.
        let cgroup_v2 = kind.joins_cgroup_v2();
        let cgroup = kind
            .cgroup
            .then(|| match crate::sandbox::cgroup::v2::base() {
                Some(base) => {
                    let mut option = std::ffi::OsString::from("cgroup2=");
                    option.push(base);
                    option
                }
                None => "cgroup".into(),
            });
        let process = Command::new(binary)
            .arg("__zygote")
            .args(cgroup)
            .args(kind.namespaces.then_some("namespaces"))
            .args(kind.mounts.then(|| {
                // Run folders are made below this folder: it stays writable.
                let mut option = std::ffi::OsString::from("mounts=");
                option.push(crate::sandbox::workdir::base_folder());
                option
            }))
            .args(view_point.as_ref().map(|point| {
                let mut option = std::ffi::OsString::from("view=");
                option.push(point.path());
                option
            }))
            .env_clear()
            .stdin(Stdio::from(theirs))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        Ok(Zygote {
            process,
            socket: ours,
            key,
            cgroup_v2,
            _view_point: view_point,
            told_to_exit: false,
        })
    }

    /// Receives the working folder of the run numbered `seq` (sent before its report).
    pub(super) fn receive_work(&self, seq: u64) -> io::Result<Option<OwnedFd>> {
        use rustix::net::{RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags};
        let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
        let mut control = RecvAncillaryBuffer::new(&mut space);
        let mut bytes = [0u8; 8];
        let received = rustix::net::recvmsg(
            &self.socket,
            &mut [io::IoSliceMut::new(&mut bytes)],
            &mut control,
            RecvFlags::CMSG_CLOEXEC | RecvFlags::DONTWAIT,
        )?;
        let mut fds: Vec<OwnedFd> = Vec::new();
        for message in control.drain() {
            if let RecvAncillaryMessage::ScmRights(received) = message {
                fds.extend(received);
            }
        }
        if received.bytes != 8 || u64::from_le_bytes(bytes) != seq {
            return Err(io::Error::other(
                "the zygote sent back another run's working folder",
            ));
        }
        Ok(fds.pop())
    }

    /// Hands a run to the zygote (the request and the run's five descriptors), or a message
    /// without descriptors.
    pub(super) fn send(&self, request: &[u8], fds: &[BorrowedFd<'_>]) -> io::Result<()> {
        let mut space =
            [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(zygote::FDS_PER_RUN))];
        let mut control = SendAncillaryBuffer::new(&mut space);
        if !fds.is_empty() {
            control.push(SendAncillaryMessage::ScmRights(fds));
        }
        rustix::net::sendmsg(
            &self.socket,
            &[IoSlice::new(request)],
            &mut control,
            SendFlags::NOSIGNAL,
        )?;
        Ok(())
    }
}

impl Zygote {
    /// Tells the zygote to exit once its current run (if any) has ended, leaving its cgroups to
    /// us (see `zygote::EXIT_LEAVING_CGROUPS`); closing our end says the same when the message
    /// cannot go. Does not wait: zygotes told at once exit side by side.
    pub(super) fn tell_to_exit(&mut self) {
        if !self.told_to_exit {
            self.told_to_exit = true;
            if self.send(zygote::EXIT_LEAVING_CGROUPS, &[]).is_err() {
                let _ = rustix::net::shutdown(&self.socket, rustix::net::Shutdown::Both);
            }
        }
    }
}

impl Drop for Zygote {
    fn drop(&mut self) {
        self.tell_to_exit();
        let _ = self.process.wait();
        if !self.key.1.cgroup {
            return;
        }
        // A process cannot remove the cgroup it sits in: its own is removed here once it is
        // gone (cgroup v2 always; v1 when it left them to us, without moving out first).
        let pid = self.process.id();
        match crate::sandbox::cgroup::v2::base() {
            Some(base) => {
                let _ =
                    std::fs::remove_dir(base.join(crate::sandbox::cgroup::v2::zygote_name(pid)));
            }
            None => {
                let name = crate::sandbox::cgroup::v1::zygote_name(pid);
                for (_, parent) in crate::sandbox::cgroup::v1::detect().unwrap_or_default() {
                    let folder = parent.join(&name);
                    if folder.exists() {
                        crate::sandbox::cgroup::remove_folder(&folder);
                    }
                }
            }
        }
    }
}

/// The binary zygotes are started from: this very one, unless `$LIVEJUDGE_SUPERVISOR` names
/// another.
pub fn zygote_binary() -> io::Result<PathBuf> {
    match std::env::var_os("LIVEJUDGE_SUPERVISOR") {
        Some(path) => Ok(PathBuf::from(path)),
        None => std::env::current_exe(),
    }
}
