Console.WriteLine("race worker");
return 0;
