// README.md's command-line usage checked against latentlab-cli's generated --help, so that
// neither drifts from the other: every command --help lists is in the README and every command
// the README shows exists; for each command the README shows exactly the options its --help
// lists; an option --help marks REQUIRED is not in [brackets] in the README; and a literal
// value in brackets ("[--epochs 50]", "[--binarize dynamic|none]") is that option's default or
// its list of choices. The usage is every `latentlab-cli ...` line of the README's code blocks,
// with the indented lines that continue it.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

/// Standard output of `latentlab-cli ARGS`, which must exit with status 0.
std::string cliOutput(const std::string& args) {
    const std::string command = std::string("'") + LATENTLAB_CLI + "' " + args;
    std::FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) {
        ADD_FAILURE() << "cannot run " << command;
        return {};
    }
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;)
        out.append(buf, n);
    const int status = pclose(pipe);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command;
    return out;
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> w;
    for (std::string s; in >> s;)
        w.push_back(s);
    return w;
}

bool hasUpper(const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isupper(c); });
}

// ---- latentlab-cli's --help ------------------------------------------------------------------

struct HelpOption {
    std::string type;        ///< the placeholder, "K" or "full|diag|spherical|tied"
    std::string defaultText; ///< from "(default X)"
    bool required = false;
};

struct Help {
    std::map<std::string, HelpOption> options; ///< by long name, "--k"
    std::vector<std::string> commands;         ///< the "Subcommands:" section
};

Help parseHelp(const std::string& text) {
    Help help;
    std::istringstream in(text);
    std::string section, line;
    HelpOption* last = nullptr;
    while (std::getline(in, line)) {
        if (!line.empty() && line[0] != ' ') {
            section = line;
            last = nullptr;
            continue;
        }
        if (section == "Subcommands:" && line.rfind("  ", 0) == 0 && line[2] != ' ') {
            help.commands.push_back(words(line).front());
        } else if (section == "Options:" && line.rfind("  -", 0) == 0) {
            // "  --name TYPE REQUIRED  description": the name part ends at two spaces.
            const auto end = line.find("  ", 2);
            const auto name = words(line.substr(0, end));
            std::string longName = name.front().substr(name.front().rfind("--"));
            last = &help.options[longName];
            for (std::size_t i = 1; i < name.size(); ++i) {
                if (name[i] == "REQUIRED")
                    last->required = true;
                else
                    last->type = name[i];
            }
            if (end != std::string::npos)
                line = line.substr(end);
        }
        if (last) {
            const auto d = line.find("(default ");
            if (d != std::string::npos)
                last->defaultText = line.substr(d + 9, line.find(')', d) - d - 9);
        }
    }
    return help;
}

// ---- README.md -------------------------------------------------------------------------------

struct ReadmeOption {
    std::string name, value; ///< "--epochs", "50" (empty when the README gives none)
    bool bracketed = false;  ///< inside [ ... ]: optional
};

/// Every `latentlab-cli` line of the code blocks, options by command ("" for the program).
std::map<std::string, std::vector<ReadmeOption>> readmeUsage(const std::string& readme) {
    // The usage text of every invocation, continuation lines joined.
    std::vector<std::string> invocations;
    std::istringstream in(readme);
    bool code = false, continuing = false;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("```", 0) == 0) {
            code = !code;
            continuing = false;
            continue;
        }
        if (!code)
            continue;
        const auto w = words(line);
        const std::string program = w.empty() ? "" : w.front();
        if (program == "latentlab-cli" ||
            (program.size() > 14 && program.rfind("/latentlab-cli") == program.size() - 14)) {
            invocations.push_back(line.substr(line.find(program) + program.size()));
            continuing = true;
        } else if (continuing && !line.empty() && std::isspace((unsigned char)line[0])) {
            invocations.back() += " " + line;
        } else {
            continuing = false;
        }
    }

    std::map<std::string, std::vector<ReadmeOption>> usage;
    for (std::string text : invocations) {
        for (const char* mark : {"[", "]", "(", ")"})
            for (std::size_t at = 0; (at = text.find(mark, at)) != std::string::npos; at += 3)
                text.replace(at, 1, std::string(" ") + mark + " ");
        const auto tokens = words(text.substr(0, text.find('#'))); // no shell comments
        std::string command;
        std::size_t i = 0;
        if (!tokens.empty() && tokens[0][0] != '-') {
            command = tokens[0];
            i = 1;
        }
        if (hasUpper(command)) // "latentlab-cli COMMAND --help" stands for every command
            continue;
        auto& options = usage[command];
        int depth = 0;
        for (; i < tokens.size(); ++i) {
            const std::string& t = tokens[i];
            depth += (t == "[") - (t == "]");
            if (t.rfind("--", 0) != 0)
                continue;
            ReadmeOption o{t, "", depth > 0};
            if (i + 1 < tokens.size() &&
                std::string("-[]()|").find(tokens[i + 1][0]) == std::string::npos)
                o.value = tokens[i + 1];
            options.push_back(o);
        }
    }
    return usage;
}

bool sameNumber(const std::string& a, const std::string& b) {
    char *endA = nullptr, *endB = nullptr;
    const double x = std::strtod(a.c_str(), &endA), y = std::strtod(b.c_str(), &endB);
    return !a.empty() && !b.empty() && *endA == 0 && *endB == 0 && x == y;
}

/// Every way the README and the help texts disagree, one sentence each. `helpOf("em")` is the
/// output of `latentlab-cli em --help`, `helpOf("")` that of `latentlab-cli --help`.
std::vector<std::string> drift(const std::string& readme,
                               const std::function<std::string(const std::string&)>& helpOf) {
    std::vector<std::string> problems;
    const auto usage = readmeUsage(readme);
    const Help top = parseHelp(helpOf(""));
    for (const auto& c : top.commands)
        if (!usage.count(c))
            problems.push_back("`" + c + "` is in latentlab-cli --help but not in the README");
    for (const auto& [command, shown] : usage) {
        const std::string where = command.empty() ? "latentlab-cli" : command;
        if (!command.empty() &&
            std::find(top.commands.begin(), top.commands.end(), command) == top.commands.end()) {
            problems.push_back("the README shows `" + command + "`, not a latentlab-cli command");
            continue;
        }
        const Help help = parseHelp(helpOf(command));
        std::set<std::string> named;
        for (const ReadmeOption& o : shown) {
            named.insert(o.name);
            const auto it = help.options.find(o.name);
            if (it == help.options.end()) {
                problems.push_back(where + ": the README shows " + o.name +
                                   ", which its --help does not list");
                continue;
            }
            const HelpOption& h = it->second;
            if (h.required && o.bracketed)
                problems.push_back(where + ": " + o.name +
                                   " is required but the README shows it in brackets");
            if (o.value.find('|') != std::string::npos) { // the choices
                if (o.value != h.type)
                    problems.push_back(where + ": the README gives " + o.name + " " + o.value +
                                       ", its --help " + h.type);
            } else if (o.bracketed && !o.value.empty() && !hasUpper(o.value) && // a default
                       o.value != h.defaultText && !sameNumber(o.value, h.defaultText)) {
                problems.push_back(where + ": the README gives [" + o.name + " " + o.value +
                                   "] but the default is '" + h.defaultText + "'");
            }
        }
        if (command.empty())
            continue;
        for (const auto& [name, h] : help.options)
            if (name != "--help" && !named.count(name))
                problems.push_back(where + ": " + name + " is in its --help but not in the README");
    }
    return problems;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string helpOf(const std::string& command) {
    return cliOutput(command.empty() ? "--help" : command + " --help");
}

std::string joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines)
        s += l + "\n";
    return s;
}

/// `text` with its one occurrence of `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from << " is not unique";
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

const std::string kReadme = std::string(LATENTLAB_SOURCE_DIR) + "/README.md";

} // namespace

TEST(ReadmeUsage, HelpParsesIntoCommandsOptionsAndDefaults) {
    const Help top = parseHelp(helpOf(""));
    EXPECT_NE(std::find(top.commands.begin(), top.commands.end(), "em"), top.commands.end());
    EXPECT_EQ(top.options.count("--version"), 1u);
    const Help em = parseHelp(helpOf("em"));
    ASSERT_EQ(em.options.count("--k"), 1u);
    EXPECT_FALSE(em.options.at("--k").required); // not with --session
    EXPECT_TRUE(parseHelp(helpOf("vae-decode")).options.at("--out").required);
    EXPECT_EQ(em.options.at("--max-iter").defaultText, "100");
    EXPECT_FALSE(em.options.at("--max-iter").required);
    EXPECT_EQ(em.options.at("--covariance").type, "full|diag|spherical|tied");
    EXPECT_EQ(em.options.at("--covariance").defaultText, "full");
    EXPECT_EQ(em.options.at("--json").type, "");
    EXPECT_EQ(parseHelp(helpOf("vae-train")).options.at("--hidden").defaultText, "512,256");
}

TEST(ReadmeUsage, ReadmeMatchesTheGeneratedHelp) {
    const std::string readme = readFile(kReadme);
    EXPECT_GE(readmeUsage(readme).size(), 7u); // the commands and the program itself
    const auto problems = drift(readme, helpOf);
    EXPECT_TRUE(problems.empty()) << joined(problems);
}

// The check above can fail: a README that drifted in each way is caught, sentence by sentence.
TEST(ReadmeUsage, DriftIsCaught) {
    std::string readme = readFile(kReadme);
    readme = replaced(readme, "[--max-iter M]", "[--max-iters M]");
    readme = replaced(readme, "[--epochs 50]", "[--epochs 60]");
    readme = replaced(readme, "[--binarize dynamic|none] [--iw-samples K]",
                      "[--binarize dynamic|none|static] [--iw-samples K]");
    readme = replaced(readme, "latentlab-cli presets\n", "");
    readme = replaced(readme, "--grid N [--extent 3]) --out OUT.png",
                      "--grid N [--extent 3]) [--out OUT.png]");
    readme = replaced(readme, "latentlab-cli COMMAND --help\n", "latentlab-cli fit --help\n");
    const auto problems = drift(readme, helpOf);
    const std::vector<std::string> expected = {
        "`presets` is in latentlab-cli --help but not in the README",
        "em: the README shows --max-iters, which its --help does not list",
        "em: --max-iter is in its --help but not in the README",
        "vae-train: the README gives [--epochs 60] but the default is '50'",
        "vae-eval: the README gives --binarize dynamic|none|static, its --help dynamic|none",
        "vae-decode: --out is required but the README shows it in brackets",
        "the README shows `fit`, not a latentlab-cli command",
    };
    for (const auto& e : expected)
        EXPECT_NE(std::find(problems.begin(), problems.end(), e), problems.end())
            << "not caught: " << e << "\nfound:\n"
            << joined(problems);
    EXPECT_EQ(problems.size(), expected.size()) << joined(problems);
}
