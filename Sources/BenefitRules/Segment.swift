/// The BPJS Ketenagakerjaan participant segment of a membership.
public enum Segment: String, Hashable, Sendable, CaseIterable {
    /// Penerima Upah: wage earners of a company or government unit (OPD).
    case wageEarner = "PU"
    /// Bukan Penerima Upah: non-wage / informal workers, often paid for by a sponsor.
    case nonWageEarner = "BPU"
    /// Jasa Konstruksi: construction workers on a project.
    case construction = "JAKON"
}
