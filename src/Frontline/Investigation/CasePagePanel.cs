namespace Frontline.Investigation;

/// <summary>
/// A section of the case page contributed by a part of the module (trajectory, companions, contacts, chain, report):
/// the page shows every registered panel in <see cref="Order"/>, each a component taking a <c>long CaseId</c>
/// parameter, so each part of the investigation adds its section without editing the page.
/// </summary>
public sealed record CasePagePanel(string Key, string TitleZh, string TitleEn, Type Component, int Order);
