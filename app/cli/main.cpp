// latentlab-cli: the headless front end on the same core as the GUI, for scripting and for
// checking numbers against other implementations. See commands.h for the structure.
#include "commands.h"

#include "common/error.h"

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

using namespace latentlab;
using namespace latentlab::cli;

namespace {

std::vector<const Command*> allCommands() {
    std::vector<const Command*> all;
    for (const auto& c : dataCommands())
        all.push_back(&c);
    for (const auto& c : vaeCommands())
        all.push_back(&c);
    return all;
}

void printHelp(std::FILE* out) {
    std::fprintf(out, "usage: latentlab-cli COMMAND [OPTIONS]\n"
                      "       latentlab-cli COMMAND --help   (the options of one command)\n\n"
                      "commands:\n");
    for (const Command* c : allCommands())
        std::fprintf(out, "  %-12.*s %.*s\n", int(c->name.size()), c->name.data(),
                     int(c->synopsis.size()), c->synopsis.data());
    std::fprintf(out, "\nBad arguments and bad files: exit status 2 and one line on stderr.\n");
}

/// One line on stderr, whatever the message holds.
int fail(const std::string& message) {
    std::string line = message;
    for (char& c : line)
        if (c == '\n' || c == '\r')
            c = ' ';
    std::fprintf(stderr, "latentlab-cli: %s\n", line.c_str());
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty())
        return fail("no command given (see latentlab-cli --help)");
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printHelp(stdout);
        return 0;
    }
    if (args[0] == "--version") {
        std::printf("latentlab-cli %s\n", LATENTLAB_VERSION);
        return 0;
    }
    for (const Command* c : allCommands()) {
        if (c->name != args[0])
            continue;
        try {
            const std::span<const std::string> rest(args.data() + 1, args.size() - 1);
            for (const auto& a : rest)
                if (a == "--help" || a == "-h") {
                    printUsage(*c);
                    return 0;
                }
            return c->run(rest);
        } catch (const UsageError& e) {
            return fail(e.what());
        } catch (const FileError& e) {
            return fail(e.what());
        } catch (const ArgumentError& e) {
            return fail(std::string(c->name) + ": " + e.what());
        } catch (const std::bad_alloc&) {
            std::fprintf(stderr, "latentlab-cli: out of memory\n");
            return 1;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "latentlab-cli: internal error: %s\n", e.what());
            return 1;
        }
    }
    return fail("unknown command '" + args[0] + "' (see latentlab-cli --help)");
}

namespace latentlab::cli {
void printUsage(const Command& command) {
    std::fwrite(command.usage.data(), 1, command.usage.size(), stdout);
    if (!command.usage.empty() && command.usage.back() != '\n')
        std::fputc('\n', stdout);
}
} // namespace latentlab::cli
