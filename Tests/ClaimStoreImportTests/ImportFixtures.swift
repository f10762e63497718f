import ClaimStore
import Foundation
import Logging
import Postgres
import SantunanApp
import SantunanTestSupport

/// A migrated database of the shared test cluster, files written into a scratch directory, and row counts.
final class ImportFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let paths = ProjectPaths(root: repository)
    static let logger = TestLogging.logger("santunan.import-tests")

    let connection: Connection
    let conninfo: String
    let directory: ScratchDirectory

    init() throws {
        conninfo = try TestDatabase.shared.migratedDatabase()
        connection = try Connection(conninfo, logger: Self.logger)
        directory = try ScratchDirectory(prefix: "santunan-import-")
    }

    deinit {
        connection.close()
        directory.remove()
    }

    /// The import day of the fixtures: late 2049, so the shared cases (claims up to 2030) import whatever the real
    /// date, and bounded up to 2050-12-31 like a case file read without a clock.
    static let today = ImportBounds.Day(year: 2049, month: 12, day: 31)

    var importer: Importer { Importer(connection: connection, logger: Self.logger, today: Self.today) }

    /// Writes `text` to a file named `name` and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let url = directory.url.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @discardableResult
    func load(_ kind: ImportKind, _ text: String, name: String? = nil) throws -> ImportSummary {
        try importer.importFile(kind, path: try file(name ?? "\(kind.rawValue).csv", text))
    }

    func count(_ table: String) throws -> Int {
        try connection.execute("SELECT count(*) FROM \(identifier: table)").decode(Int.self, row: 0, column: 0)
    }

    /// A small valid data set: two employers, two participants (one PU, one BPU), their contributions.
    static let employers = """
        npp,name,kind,branch_office,region\r
        NN000001,"PT Sumatra Tobacco Trading Company, Tbk",company,Pematangsiantar,Kota Pematangsiantar\r
        PM000001,Pemerintah Kota Pematangsiantar (Dinas Lingkungan Hidup),government_unit,Pematangsiantar,Kota Pematangsiantar\r

        """
    static let participants = """
        nik,name,birth_date,sex,kpj,segment,npp,work_description,programs,risk_group,start,end,branch_office,reported_on,reported_wage
        1272011204820031,Rudi Hartono Sitorus,1982-04-12,M,14007825461,PU,NN000001,,JKK+JKM+JHT+JP,III,2014-03-01,,,2014-03-01,2171000
        1272011204820031,Rudi Hartono Sitorus,1982-04-12,M,14007825461,PU,NN000001,,JKK+JKM+JHT+JP,III,2014-03-01,,,2021-01-01,3880000
        1222010101800001,Ponijan,1980-01-01,M,22109900411,BPU,,"Ponijan (penderes karet, BPU rentan)",JKK+JKM,,2022-10-01,,Rantauprapat,2022-10-01,1000000

        """
    static let contributions = """
        kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on
        14007825461,2022-01,3880000,34532,11640,221160,116400,2022-02-15,2022-02-14
        14007825461,2022-02,3880000,34532,11640,221160,116400,2022-03-15,
        22109900411,2022-10,1000000,10000,6800,0,0,2022-11-15,2022-10-05

        """
}
