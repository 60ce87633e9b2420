#pragma once
// Running latentlab-cli as a process, as scripts do, for the CLI tests: its exit status,
// stdout and stderr, and the contract for bad input (status 2, one line on stderr).

#include "temp_dir.h"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

namespace latentlab::testing {

struct CliRun {
    int status = -1;
    std::string out, err;
};

inline std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

/// Runs latentlab-cli with `args`, capturing stdout and stderr; `environment` is put before
/// the command ("NAME=value ...").
inline CliRun cli(const std::vector<std::string>& args, const std::string& environment = "") {
    static int counter = 0;
    static TempDir dir;
    const std::string out = dir.file("out" + std::to_string(counter));
    const std::string err = dir.file("err" + std::to_string(counter++));
    std::string command = environment + " " + shellQuote(LATENTLAB_CLI);
    for (const auto& a : args)
        command += " " + shellQuote(a);
    command += " > " + shellQuote(out) + " 2> " + shellQuote(err);
    const int raw = std::system(command.c_str());
    CliRun r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = readBytes(out);
    r.err = readBytes(err);
    return r;
}

/// Expects exit status 2 and exactly one line on stderr containing `text`; nothing on stdout.
inline void expectUsageFailure(const std::vector<std::string>& args, const std::string& text) {
    const CliRun r = cli(args);
    std::string joined;
    for (const auto& a : args)
        joined += a + " ";
    EXPECT_EQ(r.status, 2) << joined << "\n" << r.err;
    ASSERT_FALSE(r.err.empty()) << joined;
    EXPECT_EQ(r.err.back(), '\n') << joined;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << joined << "\n" << r.err;
    EXPECT_EQ(r.err.rfind("latentlab-cli: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(text), std::string::npos) << joined << "\nstderr: " << r.err;
    EXPECT_TRUE(r.out.empty()) << joined << "\nstdout: " << r.out;
}

/// Writes `text` to the file `name` in `dir`; returns its path.
inline std::string csvFile(const TempDir& dir, const std::string& name, const std::string& text) {
    const std::string path = dir.file(name);
    writeBytes(path, text);
    return path;
}

} // namespace latentlab::testing
