namespace OrleansHa.Leadership;

/// <summary>What a publisher does with a new leader info, given the record already published.</summary>
public enum LeaderInfoPublication
{
    /// <summary>Nothing (or nothing readable) is published, or an older epoch is: write the new record.</summary>
    Write,

    /// <summary>The same record is published already: nothing to write.</summary>
    AlreadyPublished,

    /// <summary>A newer epoch, or another silo with the same epoch, is published: write nothing.</summary>
    Refuse,
}
