//! A test's `generate` command: run once per judge process (and command) in an empty folder of
//! its own, sandboxed like a checker, and the files it leaves there kept for the judge's lifetime
//! as more fixtures of every run of the test.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{Context, challenge_for_checker, describe_exit};
use crate::challenge::{Generate, Limits, TestCase};
use crate::harness::{Language, Placeholders};
use crate::run_env::JudgeError;
use crate::sandbox::workdir;

/// The least time a generator gets, whatever the test's own limit: it runs once, before the
/// runs it serves, and is not judged.
const GENERATOR_TIME: Duration = Duration::from_secs(60);
/// The least memory a generator gets, whatever the test's own limit (which may be set low to
/// break a solution that reads the generated file whole).
const GENERATOR_MEMORY: u64 = 512 << 20;
/// How much of a failing generator's stderr its message shows (the end of it).
const STDERR_TAIL: usize = 2048;

/// A generation, once made: the folder holding its files, or why it failed.
type Made = Option<Result<PathBuf, String>>;

/// What makes a generation: the challenge folder, the command and the test's environment (which
/// the generator gets too).
type Key = (PathBuf, Vec<String>, Vec<(String, String)>);

/// Generations of this process, by what makes them. Each entry has a lock of its own, so that
/// two tests with the same command and environment wait for one generation, and two with
/// different ones generate at the same time.
type Cache = HashMap<Key, Arc<Mutex<Made>>>;
static GENERATED: Mutex<Option<Cache>> = Mutex::new(None);

/// The folder of the files `test`'s `generate` command wrote (generated on first use), `None`
/// when the test has no such command, or, inside, why the generator failed (a judge error of the
/// test).
pub(super) fn fixtures(
    ctx: &Context<'_>,
    test: &TestCase,
) -> Result<Result<Option<PathBuf>, String>, JudgeError> {
    let Some(generate) = &test.generate else {
        return Ok(Ok(None));
    };
    let environment = test.env.iter().map(|(k, v)| (k.clone(), v.clone()));
    let key = (
        ctx.challenge.root.clone(),
        generate.argv.clone(),
        environment.collect(),
    );
    let entry = {
        let mut cache = GENERATED
            .lock()
            .map_err(|_| std::io::Error::other("generated fixtures poisoned"))?;
        cache
            .get_or_insert_with(HashMap::new)
            .entry(key)
            .or_default()
            .clone()
    };
    let mut made = entry
        .lock()
        .map_err(|_| std::io::Error::other("a generation poisoned"))?;
    if made.is_none() {
        *made = Some(run(ctx, test, generate)?);
    }
    Ok(match made.as_ref() {
        Some(Ok(folder)) => Ok(Some(folder.clone())),
        Some(Err(message)) => Err(message.clone()),
        None => Ok(None),
    })
}

/// Runs the generator in a fresh folder (`out/`, its working folder, starts empty) and keeps
/// what it wrote under the judge's folder.
fn run(
    ctx: &Context<'_>,
    test: &TestCase,
    generate: &Generate,
) -> Result<Result<PathBuf, String>, JudgeError> {
    if crate::interrupt::interrupted() {
        return Err(JudgeError::Interrupted);
    }
    let shown = generate.argv.join(" ");
    let root = &ctx.challenge.root;
    let script = generate.script.as_ref().map(|(_, path)| path.as_path());
    let (challenge_seen, binds, on_machine) =
        challenge_for_checker(ctx, root, script.unwrap_or(root))?;
    let seen_script = |path: &Path| {
        crate::readable::relocate(
            &crate::readable::relocate(path, root, &on_machine),
            &on_machine,
            &challenge_seen,
        )
        .to_string_lossy()
        .into_owned()
    };
    let language = script.and_then(|path| ctx.harness.detect(path, None).ok());
    let argv = match &generate.script {
        // A script of the challenge as the command: run the way its language runs a file.
        Some((0, path)) => {
            let Some(language) = language else {
                return Ok(Err(format!(
                    "the generator `{shown}` failed: no language of the harness runs {} \
                     (name its interpreter first, e.g. `python3`)",
                    path.display()
                )));
            };
            if language.compile.is_some() {
                return Ok(Err(format!(
                    "the generator `{shown}` failed: compiled generators are not supported; \
                     write it in an interpreted language"
                )));
            }
            let values = Placeholders::for_script(Path::new(&seen_script(path)));
            let mut argv = Language::expand(&language.run, &values);
            argv.extend(generate.argv[1..].iter().cloned());
            argv
        }
        Some((index, path)) => {
            let mut argv = generate.argv.clone();
            argv[*index] = seen_script(path);
            argv
        }
        None => generate.argv.clone(),
    };
    let memory = language.map(|l| l.memory).unwrap_or_default();
    let run_env = ctx.run_env();
    let mut own = run_env.new_run_dir()?;
    let prepared = own.prepared();
    std::fs::create_dir(prepared.join("out"))?;
    std::fs::create_dir(prepared.join("home"))?;
    run_env.hand_over(&own)?;
    let seen = own.run_work();
    let mut env = super::helper_env(test, &seen, "out");
    env.insert(
        "LIVEJUDGE_CHALLENGE".into(),
        challenge_seen.to_string_lossy().into_owned(),
    );
    let limits = Limits {
        time: test.limits.time.max(GENERATOR_TIME),
        cpu: test.limits.cpu.max(GENERATOR_TIME),
        memory: test.limits.memory.max(GENERATOR_MEMORY),
        ..test.limits
    };
    let spec = run_env
        .spec(&own, argv, limits, memory)
        .workdir(seen.join("out"))
        .env(env)
        // A generator may read the challenge folder.
        .readable(vec![challenge_seen.to_string_lossy().into_owned()])
        .binds(binds)
        .build();
    let facts = run_env.execute(&mut own, &spec)?;
    if facts.interrupted {
        return Err(JudgeError::Interrupted);
    }
    let why = if let Some(error) = &facts.spawn_error {
        Some(format!("could not start: {error}"))
    } else if facts.wall_limit || facts.cpu_limit {
        Some(format!(
            "ran out of time ({})",
            crate::challenge::units::show_duration(limits.time)
        ))
    } else if facts.disk_full {
        Some("filled the test's `limits.disk`".to_string())
    } else if facts.exit_code != Some(0) {
        Some(describe_exit(facts.exit_code, facts.signal))
    } else {
        None
    };
    let kept = if why.is_none() {
        let folder = tempfile::Builder::new()
            .prefix("generated-")
            .tempdir_in(workdir::judge_folder()?)?
            .keep();
        let bytes = workdir::snapshot(&own.work().join("out"), &folder, test.limits.disk)?;
        let empty = std::fs::read_dir(&folder)?.next().is_none();
        if bytes == 0 && empty {
            std::fs::remove_dir_all(&folder)?;
            Err("wrote nothing in its working folder".to_string())
        } else {
            Ok(folder)
        }
    } else {
        Err(why.unwrap_or_default())
    };
    own.remove()?;
    Ok(kept.map_err(|why| {
        let stderr = String::from_utf8_lossy(&facts.stderr);
        let tail = stderr.trim();
        let start = tail
            .char_indices()
            .rev()
            .nth(STDERR_TAIL)
            .map_or(0, |(i, _)| i);
        let mut message = format!("the generator `{shown}` failed: {why}");
        if !tail.is_empty() {
            message.push_str("; its stderr ends with:\n");
            message.push_str(&tail[start..]);
        }
        message
    }))
}
