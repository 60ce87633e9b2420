// latentlab-cli: the headless front end (subcommands land with the foundation issue).
#include <cstdio>

int main(int, char**) {
    std::fprintf(stderr, "latentlab-cli: no command given\n");
    return 2;
}
