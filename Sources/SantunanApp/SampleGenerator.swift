public import Foundation
import SantunanValues

/// Writes realistic, deterministic sample CSVs for `santunan import` (`santunan sample generate`).
///
/// The same `participants`, `years` and `seed` always give byte-identical files. The data has the three segments:
/// PU workers of companies and of government units (OPD; their honorer workers carry JKK+JKM only, and a few OPD
/// have not registered any), JAKON workers of construction projects with a fixed duration, and BPU informal workers
/// paying for themselves; a regency (Pemerintah Kabupaten Labuhanbatu Selatan) sponsors about 2,000 BPU workers for
/// JKK+JKM from October to December 2022. Wages rise every January, BPU members skip months (gaps), some employers
/// stop paying (arrears) and some pay late. The last month is December 2024; `years` go back from it.
public struct SampleGenerator: Sendable {
    public var participants: Int
    public var years: Int
    public var seed: UInt64

    public init(participants: Int, years: Int, seed: UInt64) {
        self.participants = participants
        self.years = years
        self.seed = seed
    }

    /// Row counts of the written files.
    public struct Counts: Sendable, Hashable {
        public var employers = 0
        public var participantLines = 0
        public var contributions = 0
        public var sponsorLines = 0
    }

    static let lastMonth = 2024 * 12 + 11
    static let branches = ["Medan Kota", "Pematangsiantar", "Rantauprapat", "Binjai"]
    static let regencies = ["Kota Medan", "Kota Pematangsiantar", "Kabupaten Labuhanbatu Selatan", "Kota Binjai"]
    static let firstNames = [
        "Budi", "Sari", "Andi", "Rudi", "Dewi", "Ahmad", "Siti", "Agus", "Rina", "Hendra", "Yusuf", "Putri", "Ponijan",
        "Sahrul", "Rosdiana", "Made", "Wayan", "Lestari", "Joko", "Nur", "Fitri", "Bambang", "Indah", "Rahmat",
    ]
    static let lastNames = [
        "Santoso", "Sitorus", "Harahap", "Siregar", "Nasution", "Lubis", "Simanjuntak", "Pardede", "Hasibuan",
        "Pohan", "Tanjung", "Ginting", "Sembiring", "Manurung", "Wibowo", "Saragih", "Daulay", "Purba",
    ]
    static let companyWords = [
        "Sumatra", "Tobacco", "Sawit", "Karet", "Makmur", "Jaya", "Sentosa", "Perkasa", "Logistik", "Niaga",
        "Agro", "Mandiri", "Bahari", "Utama", "Lestari", "Abadi",
    ]
    static let units = [
        "Dinas Lingkungan Hidup", "Dinas Pendidikan", "Dinas Kesehatan", "Dinas Perhubungan", "Satpol PP",
        "Dinas Pekerjaan Umum", "Kecamatan Siantar Timur", "Kecamatan Rantau Utara", "Dinas Sosial",
        "Dinas Pemadam Kebakaran", "RSUD", "Dinas Pertanian",
    ]
    static let jobs = ["penderes karet", "nelayan", "pedagang kecil", "petani sawit", "tukang ojek", "buruh tani"]

    /// Writes `employers.csv`, `participants.csv`, `contributions.csv` and `sponsors.csv` into `directory`.
    public func write(to directory: URL) throws(AppError) -> Counts {
        guard participants > 0, years > 0, years <= 40 else {
            throw AppError(
                .usage, field: "--participants/--years", reason: t("ops.sample.error.size"))
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw AppError(.inputMissing, field: directory.path, reason: t("ops.sample.error.directory"))
        }
        var random = SeededRandom(seed: seed)
        var counts = Counts()
        let firstMonth = Self.lastMonth - years * 12 + 1

        // Employers.
        let companies = max(1, participants / 40)
        let governmentUnits = max(1, min(120, participants / 100))
        let projects = max(1, participants / 400)
        var employers = try CSVFile(
            directory.appendingPathComponent("employers.csv"), header: "npp,name,kind,branch_office,region")
        var companyBranch: [Int] = []
        for index in 0..<companies {
            let branch = random.below(Self.branches.count)
            companyBranch.append(branch)
            let name =
                "PT \(Self.companyWords[random.below(16)]) \(Self.companyWords[random.below(16)])"
                + (index % 9 == 0 ? ", Tbk" : "")
            employers.line([
                "NN" + Self.padded(index + 1, 6), name, "company", Self.branches[branch], Self.regencies[branch],
            ])
        }
        for index in 0..<governmentUnits {
            let branch = index % Self.branches.count
            let name = "Pemerintah \(Self.regencies[branch]) (\(Self.units[index % Self.units.count]) \(index + 1))"
            employers.line([
                "PM" + Self.padded(index + 1, 6), name, "government_unit", Self.branches[branch],
                Self.regencies[branch],
            ])
        }
        for index in 0..<projects {
            let branch = random.below(Self.branches.count)
            let name = "Proyek Jalan dan Jembatan \(index + 1) (PT Karya \(Self.companyWords[random.below(16)]))"
            employers.line([
                "JK" + Self.padded(index + 1, 6), name, "project", Self.branches[branch], Self.regencies[branch],
            ])
        }
        counts.employers = companies + governmentUnits + projects
        try employers.close()

        var people = try CSVFile(
            directory.appendingPathComponent("participants.csv"), header: ImportKindHeader.participants)
        var rows = try CSVFile(
            directory.appendingPathComponent("contributions.csv"), header: ImportKindHeader.contributions)
        var sponsors = try CSVFile(directory.appendingPathComponent("sponsors.csv"), header: ImportKindHeader.sponsors)
        // The regency's window: October to December 2022, when the period includes it.
        let sponsoredMonths = (2022 * 12 + 9)...(2022 * 12 + 11)
        let sponsorWindowInRange = sponsoredMonths.lowerBound >= firstMonth
        var sponsored = 0
        var csrSponsored = 0
        // A few OPD never register anyone, so the report has units "not yet enrolled".
        let enrollingUnits = max(1, governmentUnits - governmentUnits / 5)
        // Employers that stop paying in the last months (arrears), about 3 %.
        let kpjBase: UInt64 = 14_000_000_000

        var kpjCounter: UInt64 = 0
        for person in 0..<participants {
            let birthYear = 1960 + random.below(45)
            let birthMonth = 1 + random.below(12)
            let birthDay = 1 + random.below(28)
            let female = random.below(2) == 0
            let regency = random.below(Self.branches.count)
            let nik =
                "12" + Self.padded(regency * 3 + 1, 2) + Self.padded((person / 10_000) % 100, 2)
                + Self.padded(birthDay + (female ? 40 : 0), 2) + Self.padded(birthMonth, 2)
                + Self.padded(birthYear % 100, 2) + Self.padded(person % 10_000, 4)
            let name =
                "\(Self.firstNames[random.below(Self.firstNames.count)]) \(Self.lastNames[random.below(Self.lastNames.count)])"
            let birth = "\(birthYear)-\(Self.padded(birthMonth, 2))-\(Self.padded(birthDay, 2))"
            let roll = random.below(100)
            let kind: MemberKind = roll < 62 ? .company : roll < 72 ? .opd : roll < 80 ? .jakon : .bpu
            kpjCounter += 1
            let kpj = String(kpjBase + kpjCounter * 7 + UInt64(person % 7))
            var start = random.below(100) < 90 ? firstMonth : firstMonth + random.below(years * 12)
            var end: Int? = nil
            var npp = ""
            var programs = "JKK+JKM+JHT+JP"
            var risk = ["I", "II", "III", "IV", "V"][random.below(5)]
            var segment = "PU"
            var branch = Self.branches[regency]
            var work = ""
            var arrearsFrom = Int.max
            var wage = Int64(2_500_000 + random.below(56) * 100_000)
            switch kind {
            case .company:
                let employer = random.below(companies)
                npp = "NN" + Self.padded(employer + 1, 6)
                branch = Self.branches[companyBranch[employer]]
                if random.below(20) == 0 { end = start + random.below(max(1, Self.lastMonth - start)) }
                if employer % 33 == 5 { arrearsFrom = Self.lastMonth - 4 }
            case .opd:
                let unit = random.below(enrollingUnits)
                npp = "PM" + Self.padded(unit + 1, 6)
                branch = Self.branches[unit % Self.branches.count]
                programs = "JKK+JKM"
                risk = "I"
                wage = Int64(1_500_000 + random.below(20) * 100_000)
            case .jakon:
                let project = random.below(projects)
                npp = "JK" + Self.padded(project + 1, 6)
                segment = "JAKON"
                programs = "JKK+JKM"
                risk = "V"
                end = min(Self.lastMonth, start + 6 + random.below(18))
            case .bpu:
                segment = "BPU"
                risk = ""
                programs = random.below(3) == 0 ? "JKK+JKM+JHT" : "JKK+JKM"
                work = "\(name) (\(Self.jobs[random.below(Self.jobs.count)]), BPU)"
                wage = Int64(1_000_000 + random.below(30) * 100_000)
                if sponsorWindowInRange && sponsored < 2_000 && (regency == 2 || person % 5 == 0) {
                    sponsored += 1
                    start = min(start, sponsoredMonths.lowerBound)
                    branch = Self.branches[2]
                    sponsors.line([
                        "Pemerintah Kabupaten Labuhanbatu Selatan", "local_government", "JKK+JKM", "2022-10-01",
                        "2022-12-31", kpj,
                    ])
                } else if csrSponsored < participants / 200 && start <= Self.lastMonth - 2 {
                    csrSponsored += 1
                    let from = Self.lastMonth - 2
                    sponsors.line([
                        "CSR PT Sumatra Sawit Lestari", "csr", "JKK+JKM", Self.monthText(from) + "-01",
                        Self.lastDay(Self.lastMonth), kpj,
                    ])
                }
            }
            let endText = end.map { Self.lastDay($0) } ?? ""
            // One participants.csv line per wage report: at the start, then every January raise.
            var month = start
            var reported = wage
            let lastMonth = end ?? Self.lastMonth
            var lines: [(String, Int64)] = [(Self.monthText(start) + "-01", wage)]
            var paidSkip = 0
            let rates = ContributionRates(
                kind: kind, risk: risk, hasJHT: programs.contains("JHT"), hasJP: programs.hasSuffix("JP"))
            while month <= lastMonth {
                if month % 12 == 0 && month != start {
                    reported += reported * Int64(3 + random.below(6)) / 100 / 1000 * 1000
                    if kind != .bpu { lines.append((Self.monthText(month) + "-01", reported)) }
                }
                var paid: Int? = month + 1
                var paidDay = 10 + random.below(6)
                if kind == .bpu {
                    if paidSkip > 0 {
                        paidSkip -= 1
                        month += 1
                        continue
                    }
                    if random.below(40) == 0 { paidSkip = 1 + random.below(3) }
                    if sponsoredMonths.contains(month) && sponsored > 0 && !work.isEmpty { paidDay = 5 }
                } else if month >= arrearsFrom {
                    paid = nil
                } else if random.below(50) == 0 {
                    paid = month + 1 + random.below(3)
                }
                if let value = paid, value > Self.lastMonth + 1 { paid = nil }
                rows.contribution(
                    kpj: kpj, month: month, wage: reported, rates: rates, paidMonth: paid, paidDay: paidDay)
                counts.contributions += 1
                month += 1
            }
            for (reportedOn, amount) in lines {
                people.line([
                    nik, name, birth, female ? "F" : "M", kpj, segment, npp, work, programs, risk,
                    Self.monthText(start) + "-01", endText, branch, reportedOn, String(amount),
                ])
                counts.participantLines += 1
            }
        }
        counts.sponsorLines = sponsored + csrSponsored
        try people.close()
        try rows.close()
        try sponsors.close()
        return counts
    }

    enum MemberKind { case company, opd, jakon, bpu }
}

/// The sample's contribution rates of one membership, resolved once (illustrative, not the rules' figures).
struct ContributionRates {
    var bpu: Bool
    /// JKK by risk group, JHT (5.7 % PU, 2 % BPU), in basis points; JP 3 % up to a wage cap.
    var jkk: Int64
    var jht: Int64
    var jp: Bool

    init(kind: SampleGenerator.MemberKind, risk: String, hasJHT: Bool, hasJP: Bool) {
        bpu = kind == .bpu
        jkk = ["I": 24, "II": 54, "III": 89, "IV": 127, "V": 174][risk] ?? 100
        jht = hasJHT ? (bpu ? 200 : 570) : 0
        jp = hasJP && !bpu
    }

    /// A month's contributions on `wage`, per program (rounded half up): the sample's rows, and the seed cases'
    /// histories the demo books into the ledger (``LedgerSeedHistories``).
    func amounts(wage: Int64) -> (jkk: Int64, jkm: Int64, jht: Int64, jp: Int64) {
        (
            bpu ? (wage + 50) / 100 : (wage * jkk + 5_000) / 10_000,
            bpu ? 6_800 : (wage * 30 + 5_000) / 10_000,
            jht == 0 ? 0 : (wage * jht + 5_000) / 10_000,
            jp ? (min(wage, 9_559_600) * 300 + 5_000) / 10_000 : 0
        )
    }
}

extension SampleGenerator {

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    static func monthText(_ ordinal: Int) -> String { YearMonth(ordinal: ordinal).description }

    static func lastDay(_ ordinal: Int) -> String { YearMonth(ordinal: ordinal).lastDay.description }
}

/// The header lines of the import kinds (kept here so the generator needs nothing from the store).
enum ImportKindHeader {
    static let participants =
        "nik,name,birth_date,sex,kpj,segment,npp,work_description,programs,risk_group,start,end,branch_office,"
        + "reported_on,reported_wage"
    static let contributions = "kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on"
    static let sponsors = "sponsor,kind,programs,from,to,kpj"
}

/// A CSV file written through a large byte buffer.
struct CSVFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    let url: URL

    init(_ url: URL, header: String) throws(AppError) {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: url.path)
        else {
            throw AppError(.inputMissing, field: url.path, reason: t("ops.sample.error.create"))
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20 + 4096)
        buffer.append(contentsOf: header.utf8)
        buffer.append(10)
    }

    /// Appends one record, quoting fields that need it (RFC 4180).
    mutating func line(_ fields: [String]) {
        CSVText().appendRow(fields, to: &buffer)
        buffer.append(10)
        flushIfFull()
    }

    /// Appends one contributions.csv record without building strings (12 million of them for a large sample).
    mutating func contribution(
        kpj: String, month: Int, wage: Int64, rates: ContributionRates, paidMonth: Int?, paidDay: Int
    ) {
        buffer.append(contentsOf: kpj.utf8)
        buffer.append(UInt8(ascii: ","))
        appendMonth(month)
        buffer.append(UInt8(ascii: ","))
        appendNumber(wage)
        buffer.append(UInt8(ascii: ","))
        let amounts = rates.amounts(wage: wage)
        appendNumber(amounts.jkk)
        buffer.append(UInt8(ascii: ","))
        appendNumber(amounts.jkm)
        buffer.append(UInt8(ascii: ","))
        appendNumber(amounts.jht)
        buffer.append(UInt8(ascii: ","))
        appendNumber(amounts.jp)
        buffer.append(UInt8(ascii: ","))
        appendMonth(month + 1)
        buffer.append(contentsOf: "-15".utf8)
        buffer.append(UInt8(ascii: ","))
        if let paidMonth {
            appendMonth(paidMonth)
            buffer.append(UInt8(ascii: "-"))
            buffer.append(UInt8(ascii: "0") + UInt8(paidDay / 10))
            buffer.append(UInt8(ascii: "0") + UInt8(paidDay % 10))
        }
        buffer.append(10)
        flushIfFull()
    }

    private mutating func appendMonth(_ ordinal: Int) {
        appendNumber(Int64(ordinal / 12))
        buffer.append(UInt8(ascii: "-"))
        let month = ordinal % 12 + 1
        buffer.append(UInt8(ascii: "0") + UInt8(month / 10))
        buffer.append(UInt8(ascii: "0") + UInt8(month % 10))
    }

    private mutating func appendNumber(_ value: Int64) {
        var width = 1
        var limit: Int64 = 10
        while value >= limit && width < 18 {
            width += 1
            limit *= 10
        }
        let end = buffer.count + width
        buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var rest = value
        var index = end - 1
        while rest > 0 {
            buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
    }

    private mutating func flushIfFull() {
        if buffer.count >= 1 << 20 {
            handle.write(Data(buffer))
            buffer.removeAll(keepingCapacity: true)
        }
    }

    mutating func close() throws(AppError) {
        handle.write(Data(buffer))
        buffer.removeAll()
        do {
            try handle.close()
        } catch {
            throw AppError(.internalError, field: url.path, reason: t("ops.sample.error.finish"))
        }
    }
}
