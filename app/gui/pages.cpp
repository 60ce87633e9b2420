// The lessons of the workbench, in switcher order (Ctrl+1, Ctrl+2, ...). Adding a page is
// its own files under widgets/ and one line here.
#include "main_window.h"
#include "mixture/mixture_page.h"
#include "pca/pca_page.h"
#include "vae/vae_page.h"

namespace latentlab {

QList<PageInfo> registeredPages() {
    return {
        MixturePage::info(),
        PcaPage::info(),
        VaePage::info(),
    };
}

} // namespace latentlab
