"""WASI programs with arguments, environment variables and directories, output captured."""
import wasmbox


def test_args_env_and_output(wasi_prog):
    r = wasmbox.run_wasi(wasi_prog, program="prog", args=["args", "env", "GREETING", "env", "NONE"],
                         env={"GREETING": "hi there"})
    assert r.exit_status == 0
    assert r.stdout.decode().splitlines() == [
        "arg 0: prog", "arg 1: args", "arg 2: env", "arg 3: GREETING", "arg 4: env", "arg 5: NONE",
        "env GREETING: hi there", "env NONE: (unset)"]
    assert r.stderr == b""


def test_directories(wasi_prog, tmp_path):
    (tmp_path / "in.txt").write_text("from the host\n")
    r = wasmbox.run_wasi(wasi_prog, args=["cat", "/data/in.txt", "write", "/data/out.txt", "guest",
                                          "ls", str(tmp_path)],
                         mapdirs={"/data": str(tmp_path)}, dirs=[str(tmp_path)])
    assert r.exit_status == 0, r.stderr
    assert r.stdout.decode().splitlines() == ["from the host", "wrote /data/out.txt",
                                              f"ls {tmp_path}: 2 entries"]
    assert (tmp_path / "out.txt").read_text() == "guest"


def test_no_directory_no_access(wasi_prog, tmp_path):
    (tmp_path / "secret").write_text("x")
    r = wasmbox.run_wasi(wasi_prog, args=["cat", str(tmp_path / "secret")])
    assert r.exit_status == 1
    assert b"cat" in r.stderr


def test_exit_status_and_stderr(wasi_prog):
    r = wasmbox.run_wasi(open(wasi_prog, "rb").read(), args=["err", "complaint", "exit", "9"])
    assert r.exit_status == 9
    assert r.stderr == b"complaint\n"


def test_missing_directory(wasi_prog):
    try:
        wasmbox.run_wasi(wasi_prog, dirs=["/no/such/dir/for/wasmbox"])
    except wasmbox.WasmError as e:
        assert "/no/such/dir/for/wasmbox" in str(e)
    else:
        raise AssertionError("a missing directory was accepted")


def test_env_object(wasi_prog):
    store = wasmbox.Store()
    module = wasmbox.Module.from_file(store, wasi_prog)
    wasi = wasmbox.WasiEnv(store, wasmbox.WasiConfig("p", ["args"]))
    instance = wasi.instantiate(module)
    assert wasi.start(instance) == 0
    assert wasi.read_stdout() == b"arg 0: p\narg 1: args\n"
    assert wasi.read_stdout() == b""           # drained
    store.close()
