// The VAE commands (vae-train, vae-eval, vae-encode, vae-decode). Placeholder table until
// the VAE engine lands: helper "vae" replaces this file.
#include "commands.h"

namespace latentlab::cli {

std::span<const Command> vaeCommands() {
    return {};
}

} // namespace latentlab::cli
