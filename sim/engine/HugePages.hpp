#pragma once
/// \file
/// Transparent huge pages for the simulation's memory. A large run reads and writes tens of
/// megabytes at random (households, issue records, day buckets); with 4 KiB pages most of those
/// accesses also miss the TLB, with 2 MiB pages few do. glibc's malloc asks the kernel for huge
/// pages only when the tunable `glibc.malloc.hugetlb=1` is set, and it reads its tunables once, at
/// start-up: so the program re-executes itself once with the tunable added to GLIBC_TUNABLES.
/// Memory layout is all that changes: results are the same byte for byte.
namespace gridgov::engine {

/// Re-execute the running program (/proc/self/exe, same arguments) with glibc.malloc.hugetlb=1
/// added to GLIBC_TUNABLES, and return only if that is not wanted or not possible: when
/// GRIDGOV_HUGEPAGES=0, when the tunable is already set, when the kernel's transparent huge pages
/// are off ("never"), under an MPI launcher (a rank must not replace itself), or when exec fails.
/// Call it first thing in main(), before threads exist.
void use_huge_pages(char** argv) noexcept;

}  // namespace gridgov::engine
