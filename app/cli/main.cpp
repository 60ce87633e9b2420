// latentlab-cli: the headless front end on the same core as the GUI, for scripting and for
// checking numbers against other implementations. One CLI::App with a subcommand per
// command; each command family registers its own (see commands.h).
#include "commands.h"
#include "options.h"

#include "common/error.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <vector>

using namespace latentlab;
using namespace latentlab::cli;

namespace {

/// CLI11's help with the default after the description, "(default 100)", instead of glued to
/// the placeholder ("M=100"), and none for a required option. Lines stay within 90 columns
/// when the descriptions do.
class HelpFormatter : public CLI::Formatter {
public:
    static constexpr std::size_t kNameWidth = 28, kDescriptionWidth = 62;

    HelpFormatter() { column_width(kNameWidth); }

    /// CLI11's layout, but always two spaces or a line break between an option and its
    /// description, so that scripts (and tests/cli/readme_usage_test.cpp) can split them.
    std::string make_option(const CLI::Option* option, bool positional) const override {
        const std::string name =
            "  " + make_option_name(option, positional) + make_option_opts(option);
        const std::string indent(kNameWidth, ' ');
        std::string line = name.size() + 2 <= kNameWidth
                               ? name + std::string(kNameWidth - name.size(), ' ')
                               : name + "\n" + indent;
        for (const char c : make_option_desc(option)) {
            line += c;
            if (c == '\n')
                line += indent;
        }
        return line + "\n";
    }

    std::string make_option_opts(const CLI::Option* option) const override {
        std::string s;
        if (option->get_expected_max() != 0 && !option->get_type_name().empty())
            s += " " + option->get_type_name();
        if (option->get_required())
            s += " REQUIRED";
        return s;
    }

    std::string make_option_desc(const CLI::Option* option) const override {
        const std::string s = option->get_description();
        if (option->get_required() || option->get_default_str().empty())
            return s;
        const std::string note = "(default " + option->get_default_str() + ")";
        const auto newline = s.rfind('\n');
        const std::size_t lastLine =
            newline == std::string::npos ? s.size() : s.size() - newline - 1;
        return s + (lastLine + 1 + note.size() > kDescriptionWidth ? "\n" : " ") + note;
    }
};

/// The command a parse error belongs to: the subcommand being parsed, else the program.
const CLI::App& commandOf(const CLI::App& app) {
    const auto parsed = app.get_subcommands();
    return parsed.empty() ? app : *parsed.front();
}

std::string optionName(const std::string& arg) {
    return arg.substr(0, arg.find('='));
}

/// CLI11's parse errors in the CLI's own words, which scripts and tests rely on (CLI11's
/// messages differ between its versions): the error's kind and the parser's state say
/// which option or argument was wrong.
std::string explain(const CLI::App& app, const CLI::ParseError& e,
                    const std::vector<std::string>& args) {
    const CLI::App& command = commandOf(app);
    const bool top = &command == &app;
    const std::string prefix = top ? "" : command.get_name() + ": ";
    const std::string seeHelp =
        std::string(" (see latentlab-cli ") + (top ? "" : command.get_name() + " ") + "--help)";
    const auto option = [&](const std::string& name) { return command.get_option_no_throw(name); };

    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        const std::vector<std::string> extras = app.remaining(true);
        const std::string first = extras.empty() ? std::string() : extras.front();
        if (first.rfind("--", 0) == 0)
            return prefix + "unknown option " + optionName(first) + seeHelp;
        if (top && !first.empty() && first[0] != '-')
            return "unknown command '" + first + "'" + seeHelp;
        return prefix + "unexpected argument '" + first + "'" + seeHelp;
    }
    if (dynamic_cast<const CLI::RequiredError*>(&e)) {
        for (const CLI::Option* o : command.get_options())
            if (o->get_required() && o->count() == 0)
                return prefix + "missing " + o->get_name() + seeHelp;
    }
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
        for (const CLI::Option* o : command.get_options())
            if (o->count() > 1)
                return prefix + o->get_name() + " given twice";
        // A value option with nothing after it can only be the last argument.
        if (!args.empty())
            if (const CLI::Option* o = option(optionName(args.back()));
                o && o->get_expected_max() != 0)
                return prefix + o->get_name() + " needs a value";
        for (const auto& a : args)
            if (const CLI::Option* o = option(optionName(a));
                o && o->get_expected_max() == 0 && a.find('=') != std::string::npos)
                return prefix + o->get_name() + " takes no value";
    }
    return prefix + e.what() + seeHelp;
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
    CLI::App app("latentlab-cli: LatentLab's models from the command line, on the same core as "
                 "the app",
                 "latentlab-cli");
    app.formatter(std::make_shared<HelpFormatter>());
    app.set_version_flag("--version", std::string("latentlab-cli ") + LATENTLAB_VERSION);
    app.require_subcommand(0, 1);

    // The command families, in the order --help lists them.
    addEmCommand(app);
    addPresetsCommand(app);
    addIdxSubsetCommand(app);
    addVaeCommands(app);
    addPcaCommands(app);

    app.footer("The options of one command: latentlab-cli COMMAND --help\n"
               "Bad arguments and bad files: exit status 2 and one line on stderr.");

    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto commandName = [&app] { return commandOf(app).get_name(); };
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) { // --help and --version
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return fail(explain(app, e, args));
    } catch (const UsageError& e) {
        return fail(e.what());
    } catch (const FileError& e) {
        return fail(e.what());
    } catch (const ArgumentError& e) {
        return fail(commandName() + ": " + e.what());
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "latentlab-cli: out of memory\n");
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "latentlab-cli: internal error: %s\n", e.what());
        return 1;
    }
    if (app.get_subcommands().empty())
        return fail("no command given (see latentlab-cli --help)");
    return 0;
}
