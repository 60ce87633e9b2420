#!/usr/bin/env Rscript
# Reference fixture from R mclust: the K = 2 VVV (full covariance) fit of Old Faithful.
# Run from the repository root:  Rscript tests/reference/make_mclust_fixture.R
# Writes tests/fixtures/em/mclust_faithful_vvv.txt, one line per field: a key followed by
# numbers separated by spaces (means K*d component by component, covariances K*d*d component
# by component, row by row). Not run in CI.
#
# Mclust(faithful, G = 2, modelNames = "VVV") starts from its model-based hierarchical
# clustering partition and stops EM when the relative change of the log-likelihood falls
# below 1e-5 (emControl()$tol[1]); it reports loglik -1130.264. We record that default fit,
# the same fit run to a relative change below 1e-12, and the starting point (the parameters
# of the hierarchical partition: class proportions, means and maximum-likelihood covariances)
# so our engine can start where mclust starts.
suppressMessages(library(mclust))

x <- as.matrix(faithful)
n <- nrow(x)
fit <- Mclust(faithful, G = 2, modelNames = "VVV")
tight <- Mclust(faithful, G = 2, modelNames = "VVV",
                control = emControl(tol = c(1e-12, sqrt(.Machine$double.eps))))

# The starting partition Mclust uses (same hierarchical clustering settings as Mclust).
hcp <- hc(faithful, modelName = mclust.options("hcModelName"), use = mclust.options("hcUse"))
cl <- as.vector(hclass(hcp, 2))
check <- me(faithful, modelName = "VVV", z = unmap(cl))
if (abs(check$loglik - fit$loglik) > 1e-8) stop("could not reproduce Mclust's starting partition")

init_w <- numeric(2)
init_m <- c()
init_s <- c()
for (k in 1:2) {
  xk <- x[cl == k, , drop = FALSE]
  init_w[k] <- nrow(xk) / n
  mk <- colMeans(xk)
  init_m <- c(init_m, mk)
  ck <- crossprod(sweep(xk, 2, mk)) / nrow(xk) # maximum-likelihood covariance
  init_s <- c(init_s, as.vector(t(ck)))
}

flat_sigma <- function(sig) {
  out <- c()
  for (k in 1:dim(sig)[3]) out <- c(out, as.vector(t(sig[, , k])))
  out
}
num <- function(v) paste(formatC(v, digits = 17, format = "g"), collapse = " ")

lines <- c(
  paste0("# R ", R.version$major, ".", R.version$minor, " mclust ", packageVersion("mclust"),
         ", made by tests/reference/make_mclust_fixture.R"),
  "data resources/data/faithful.csv",
  paste("n", n), "d 2", "k 2", "covariance full",
  paste("default_tol", emControl()$tol[1]),
  paste("init_weights", num(init_w)),
  paste("init_means", num(init_m)),
  paste("init_covariances", num(init_s)),
  paste("default_log_likelihood", num(fit$loglik)),
  paste("default_weights", num(fit$parameters$pro)),
  paste("default_means", num(as.vector(fit$parameters$mean))),
  paste("default_covariances", num(flat_sigma(fit$parameters$variance$sigma))),
  paste("tight_log_likelihood", num(tight$loglik)),
  paste("tight_weights", num(tight$parameters$pro)),
  paste("tight_means", num(as.vector(tight$parameters$mean))),
  paste("tight_covariances", num(flat_sigma(tight$parameters$variance$sigma))),
  paste("bic_mclust", num(fit$bic))
)
path <- "tests/fixtures/em/mclust_faithful_vvv.txt"
writeLines(lines, paste0(path, ".tmp"))
invisible(file.rename(paste0(path, ".tmp"), path))
cat(path, ": loglik", format(fit$loglik, digits = 10), "\n")
