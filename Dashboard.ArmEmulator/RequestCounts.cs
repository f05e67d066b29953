namespace Dashboard.ArmEmulator;

/// <summary>
/// A snapshot of the requests the emulator has received since the last reset. List counts pages of the
/// list calls, Read single GETs, Write PUT/POST/DELETE, OperationPolls GETs of operation status URLs;
/// Delete counts the DELETEs among Write. Throttled counts the requests refused with 429 by
/// <see cref="ArmEmulatorOptions.Throttling"/> (injected faults are not counted there); they are in the
/// other counts too, since they were received.
/// </summary>
public sealed record RequestCounts(int Total, int List, int Read, int Write, int OperationPolls, int Delete, int Throttled);
