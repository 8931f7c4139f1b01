namespace OrleansHa.Testing.Chaos;

/// <summary>One fault the injector caused: what, to which process, and when it was healed.</summary>
public sealed record ChaosFault(DateTime StartedAt, string Kind, string Target)
{
    public DateTime? HealedAt { get; set; }

    public override string ToString() =>
        $"{StartedAt:HH:mm:ss.fff} {Kind} {Target}" + (HealedAt is { } healed ? $", healed after {(healed - StartedAt).TotalSeconds:0.0} s" : ", not healed");
}
